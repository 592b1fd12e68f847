namespace Matching.Registry.Alerts;

/// <summary>A new candidate at or above an alert level: the pair, its LR when stored, and the provinces of its case and person.</summary>
public sealed record Alert(long Id, string CaseId, string ProfileId, double Lr, string CaseProvince, string PersonProvince, DateTimeOffset At);
