namespace Matching.Silo.Services;

/// <summary>A case's power at the registry's size, as GET /api/cases/{id}/power answers it, with the relatives that would raise it.</summary>
public sealed record CasePowerReport(
    string CaseId,
    int Revision,
    IReadOnlyList<CaseReferenceRole> References,
    long PersonsRegistered,
    IReadOnlyList<ThresholdPower> Thresholds,
    double? TrueChildMedianLog10Lr,
    double? TrueChildP05Log10Lr,
    string Method,
    IReadOnlyList<RelativeAdvice>? NextRelatives = null);

/// <summary>A reference of a case by its role: no genotype.</summary>
public sealed record CaseReferenceRole(string ProfileId, string Role);

/// <summary>
/// At one threshold: P(true child ≥ it), P(an unrelated person ≥ it), and the unrelated persons expected at or
/// above it among those registered (the second times the number of persons); each probability's standard error is 0
/// where it is exact.
/// </summary>
public sealed record ThresholdPower(double Threshold, double TrueChild, double Unrelated, double ExpectedUnrelatedAbove,
    double TrueChildStandardError = 0, double UnrelatedStandardError = 0);

/// <summary>
/// The case's power were one more relative of <paramref name="Role"/> typed (at every locus of the registry's table),
/// averaged over what that relative could carry given the references; <paramref name="Gain"/> is the rise in
/// P(true child ≥ <paramref name="RankedAt"/>), by which the list is ordered.
/// </summary>
public sealed record RelativeAdvice(string Role, double RankedAt, double Gain, IReadOnlyList<ThresholdPower> Thresholds, double? TrueChildMedianLog10Lr,
    double? TrueChildP05Log10Lr, string Method);
