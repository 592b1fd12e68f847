namespace Matching.Grains;

/// <summary>
/// What both kinds of bucket answer for a batch of searches (<see cref="ISearchBatchGrain"/>): each subject scored
/// against the bucket's members in one call, and each subject's identical registered profiles.
/// </summary>
public interface ILocusBucketGrain : IGrainWithStringKey
{
    /// <summary>Each submission's candidates, members scored and members held, in the order given; a submission for the other side scores none.</summary>
    Task<List<BucketAnswer>> ScoreAll(List<Submission> submissions);

    /// <summary>For each subject, the members other than itself identical to it wherever both are typed, sharing at least <paramref name="minimumShared"/> loci.</summary>
    Task<List<List<IdentityMatch>>> IdenticalAll(List<IdentitySubject> subjects, int minimumShared);
}

/// <summary>A bucket's answer to one submission of a batch.</summary>
[GenerateSerializer, Immutable, Alias("matching.bucket-answer")]
public sealed record BucketAnswer([property: Id(0)] List<Candidate> Candidates, [property: Id(1)] long Scored, [property: Id(2)] long Held);

/// <summary>A profile whose identical registered profiles are looked for.</summary>
[GenerateSerializer, Immutable, Alias("matching.identity-subject")]
public sealed record IdentitySubject([property: Id(0)] string ProfileId, [property: Id(1)] Dna Dna);
