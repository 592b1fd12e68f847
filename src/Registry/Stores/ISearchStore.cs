namespace Matching.Registry.Stores;

/// <summary>The searches the registry owes.</summary>
public interface ISearchStore
{
    Task<(SearchRequest Search, bool Completed)?> FindAsync(long id, CancellationToken cancellationToken = default);

    Task MarkStartedAsync(long id, CancellationToken cancellationToken = default);

    Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default);
}
