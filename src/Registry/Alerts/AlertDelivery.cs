namespace Matching.Registry.Alerts;

/// <summary>An alert owed to one subscription, claimed for an attempt: where to send it, the secret to sign it with, the attempts so far.</summary>
public sealed record AlertDelivery(Alert Alert, long SubscriptionId, string Url, string Secret, int Attempts)
{
    /// <summary>The same for every attempt at this alert for this subscription, so the receiver can drop repeats.</summary>
    public string IdempotencyKey => $"alert-{Alert.Id}-{SubscriptionId}";
}
