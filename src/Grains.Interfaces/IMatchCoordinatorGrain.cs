using Orleans.Concurrency;

namespace Matching.Grains;

/// <summary>
/// One search (key: the search id PostgreSQL gave it): streams the subject to every bucket of the other side,
/// collects their candidates, ranks them and stores the result. Starting again is safe: a search in flight asks
/// again only the buckets that have not answered, a completed one does nothing.
/// </summary>
public interface IMatchCoordinatorGrain : IGrainWithIntegerKey
{
    Task Start();

    /// <summary>A bucket's answer: its candidates, the members it scored and the members it holds.</summary>
    Task Report(BucketNumber bucket, List<Candidate> candidates, long scored, long held);

    /// <summary>Resolves when the search is stored (or at once if it already is).</summary>
    [AlwaysInterleave]
    Task<CompletedSearch> Completion();

    Task<SearchProgress> Progress();
}
