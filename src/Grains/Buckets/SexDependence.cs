using Matching.Kinship;

namespace Matching.Grains.Buckets;

/// <summary>
/// A case's LR depends on the candidate's sex only through the meioses the candidate transmits (to the case's
/// children) when mutation rates differ by sex (<see cref="KinshipEngine.DependsOnCandidateSex"/>); such cases are
/// scored person by person on the general path, and are tabulated with this placeholder in the candidate's place.
/// </summary>
internal static class SexDependence
{
    /// <summary>The profile the bucket puts in the missing person's place while it tabulates a case.</summary>
    public static Profile Placeholder { get; } = new(Sex.Male, new Dictionary<string, Genotype>());
}
