namespace Matching.Silo.Alerts;

/// <summary>
/// What a webhook receives: the new candidate's pair and LR, no genotype. The idempotency key is the same on every
/// attempt; a receiver that has seen it drops the repeat.
/// </summary>
public sealed record AlertMessage(string IdempotencyKey, long AlertId, string CaseId, string ProfileId, double Lr, double Log10Lr, DateTimeOffset At);
