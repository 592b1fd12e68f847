namespace Matching.Grains;

/// <summary>
/// A bucket of cases (key: bucket number), packed for scoring persons against them. It loads its cases from
/// PostgreSQL when it activates, takes changes as they are registered, and scores the persons streamed to it.
/// </summary>
public interface ICaseBucketGrain : ILocusBucketGrain
{
    Task Upsert(CaseDefinition definition);

    /// <summary>Adds, replaces or (when no reference is left) removes the cases of a committed batch in this bucket.</summary>
    Task UpsertAll(List<CaseDefinition> definitions);

    Task<int> Count();

    /// <summary>The silo this bucket is active on and the members it holds (activating it where it is not).</summary>
    Task<BucketHolding> Holding();

    /// <summary>The family references other than <paramref name="profileId"/> identical to it wherever both are typed, sharing at least <paramref name="minimumShared"/> loci.</summary>
    Task<List<IdentityMatch>> Identical(string profileId, Dna dna, int minimumShared);
}
