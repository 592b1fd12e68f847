namespace Matching.Kinship;

/// <summary>The kinship LR of a candidate against a case, locus by locus, or the reason it could not be computed.</summary>
public sealed record CaseResult(string Id, double? Lr, IReadOnlyList<LocusLr> Loci, string? Error, IReadOnlyList<string> Warnings)
{
    public double? Log10Lr => Lr is > 0 and var lr ? Math.Log10(lr) : null;

    public static CaseResult Failed(string id, string error) => new(id, null, [], error, []);
}
