namespace Matching.Silo.Services;

/// <summary>A case's power at the registry's size, as GET /api/cases/{id}/power answers it.</summary>
public sealed record CasePowerReport(
    string CaseId,
    int Revision,
    IReadOnlyList<CaseReferenceRole> References,
    long PersonsRegistered,
    IReadOnlyList<ThresholdPower> Thresholds,
    double? TrueChildMedianLog10Lr,
    double? TrueChildP05Log10Lr,
    string Method);

/// <summary>A reference of a case by its role: no genotype.</summary>
public sealed record CaseReferenceRole(string ProfileId, string Role);

/// <summary>
/// At one threshold: P(true child ≥ it), P(an unrelated person ≥ it), and the unrelated persons expected at or
/// above it among those registered (the second times the number of persons).
/// </summary>
public sealed record ThresholdPower(double Threshold, double TrueChild, double Unrelated, double ExpectedUnrelatedAbove);
