namespace Matching.Registry.Alerts;

/// <summary>An office's webhook: where alerts go, the provinces it covers (empty: every province) and its alert level.</summary>
public sealed record AlertSubscription(long Id, string Office, IReadOnlyList<string> Provinces, string Url, double MinimumLr, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);
