namespace Matching.Grains;

/// <summary>
/// A bucket of persons of unknown parentage (key: bucket number), packed for the scan kernel. It loads its persons
/// from PostgreSQL when it activates, takes new ones as they are registered, and scores the cases streamed to it.
/// </summary>
public interface IPersonBucketGrain : ILocusBucketGrain
{
    /// <summary>Adds or replaces a person; an older version than the one held is ignored.</summary>
    Task Upsert(string profileId, int version, Dna dna);

    /// <summary>Adds or replaces the persons of a committed batch that fall in this bucket.</summary>
    Task UpsertAll(List<RegisteredPerson> persons);

    Task<int> Count();

    /// <summary>The silo this bucket is active on and the members it holds (activating it where it is not).</summary>
    Task<BucketHolding> Holding();

    /// <summary>The persons other than <paramref name="profileId"/> identical to it wherever both are typed, sharing at least <paramref name="minimumShared"/> loci.</summary>
    Task<List<IdentityMatch>> Identical(string profileId, Dna dna, int minimumShared);
}
