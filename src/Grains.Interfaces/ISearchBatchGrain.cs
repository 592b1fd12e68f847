namespace Matching.Grains;

/// <summary>
/// Searches owed in bulk (an import's, the sweep's backlog), run together (key: the batch's first search id): their
/// subjects prepared and put into their own buckets at once, each bucket of the other side asked once for the whole
/// batch, the results stored search by search. A batch that fails leaves its searches started, and the sweep starts
/// each again on its own.
/// </summary>
public interface ISearchBatchGrain : IGrainWithIntegerKey
{
    /// <summary>Sets the batch going and returns; the pump sees its searches finish in PostgreSQL.</summary>
    Task Start(List<long> searchIds);
}
