namespace Matching.Registry.Power;

/// <summary>
/// A case's power as last worked out: for the revision of its references and the kinship settings named, P(the true
/// child reaches the threshold), P(an unrelated person does), and the true child's median and 5th-percentile log10 LR.
/// </summary>
public sealed record StoredCasePower(string CaseId, int Revision, int? SettingsId, double Threshold, double TrueChild, double Unrelated, double? MedianLog10Lr,
    double? P05Log10Lr, DateTimeOffset ComputedAt);
