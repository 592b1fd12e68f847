namespace Matching.Grains;

/// <summary>
/// One search (key: the search id PostgreSQL gave it): streams the subject to every bucket of the other side,
/// collects their candidates, ranks them and stores the result. Starting again is safe: a search in flight asks
/// again only the buckets that have not answered, a completed one does nothing.
/// </summary>
public interface IMatchCoordinatorGrain : IGrainWithIntegerKey
{
    Task Start();

    Task Report(string bucket, List<Candidate> candidates);

    Task<SearchProgress> Progress();
}
