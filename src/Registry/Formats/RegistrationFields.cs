namespace Matching.Registry.Formats;

/// <summary>
/// One record as a lab file gives it, before any rule is applied: every format (JSON lines, GeneMapper with its
/// manifest, CMF) reads into this, and <see cref="ProfileRules"/> turns it into a profile or a reason.
/// </summary>
public sealed record RegistrationFields(
    string Where,
    string? Id,
    string? Category,
    string? CaseId,
    string? Role,
    string? Province,
    string? Sex,
    IReadOnlyList<(string Locus, IReadOnlyList<string>? Alleles)>? Loci)
{
    /// <summary>Why this record corrects a registered profile (JSON lines' <c>correctionReason</c>); the upload's reason where absent.</summary>
    public string? CorrectionReason { get; init; }
}
