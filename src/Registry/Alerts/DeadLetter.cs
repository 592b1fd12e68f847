namespace Matching.Registry.Alerts;

/// <summary>A delivery given up after its last attempt, with why, for an administrator to read and send again.</summary>
public sealed record DeadLetter(long AlertId, long SubscriptionId, string Url, string CaseId, string ProfileId, int Attempts, string? LastError, DateTimeOffset DeadAt);
