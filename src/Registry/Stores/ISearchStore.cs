namespace Matching.Registry.Stores;

/// <summary>The searches the registry owes.</summary>
public interface ISearchStore
{
    Task<(SearchRequest Search, bool Completed)?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Owes a new search of each subject (a search again, or a benchmark's exhaustive one).</summary>
    Task<IReadOnlyList<SearchRequest>> RequestAsync(SearchKind kind, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default);

    Task MarkStartedAsync(long id, CancellationToken cancellationToken = default);

    Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default);
}
