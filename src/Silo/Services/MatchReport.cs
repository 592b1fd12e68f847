using Matching.Registry;

namespace Matching.Silo.Services;

/// <summary>
/// What goes into a case file for one candidate: both sides' genotypes and each locus's LR, the combined LR now and
/// as stored, what it means at the registry's size, the case's pedigree, the kinship settings, and the review.
/// </summary>
public sealed record MatchReport(
    string CaseId,
    string ProfileId,
    CandidateSide Candidate,
    IReadOnlyList<ReferenceSide> References,
    IReadOnlyList<PedigreeView> Pedigree,
    IReadOnlyList<LocusLine> Loci,
    double? Lr,
    double? Log10Lr,
    StoredMatch? Stored,
    MatchEvidence? Evidence,
    KinshipSettings Settings,
    ReviewView Review,
    IReadOnlyList<ReviewEventView> History);

/// <summary>The candidate as the report shows it; its province only to a caller of that province.</summary>
public sealed record CandidateSide(string ProfileId, string Sex, string? Province);

/// <summary>A typed reference: its role and sex; its profile id only to a caller of the case's province.</summary>
public sealed record ReferenceSide(string? ProfileId, string Role, string Sex);

/// <summary>A member of the case's template pedigree, for drawing: parents by id, typed or not.</summary>
public sealed record PedigreeView(string Id, string Place, string Sex, string? Father, string? Mother, bool Typed, bool MissingPerson, string? ProfileId);

/// <summary>
/// One locus: the candidate's genotype, each reference's (in the order of <see cref="MatchReport.References"/>, null
/// where untyped), the locus LR (null where the locus does not enter the LR) and whether only a mutation explains it.
/// </summary>
public sealed record LocusLine(string Locus, string[]? Candidate, IReadOnlyList<string[]?> References, double? Lr, bool MutationOnly);

/// <summary>The match as the registry's search stored it: LR, rank among the person's candidates, and the settings that computed it.</summary>
public sealed record StoredMatch(double Lr, int Rank, int? SettingsId);
