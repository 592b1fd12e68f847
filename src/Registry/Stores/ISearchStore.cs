namespace Matching.Registry.Stores;

/// <summary>The searches the registry owes.</summary>
public interface ISearchStore
{
    Task<(SearchRequest Search, bool Completed)?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Owes a new search of each subject, which the caller starts itself (a benchmark's exhaustive search): marked
    /// started, so that the pump does not start it first, and the sweep's if the caller never does.
    /// </summary>
    Task<IReadOnlyList<SearchRequest>> RequestAsync(SearchKind kind, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default);

    Task MarkStartedAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Searches started but not finished, and quiet for at least <paramref name="quietFor"/>: lost on the way.</summary>
    Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default);

    /// <summary>The oldest searches nobody has started (research searches aside), other than <paramref name="except"/>.</summary>
    Task<List<long>> UnstartedAsync(int limit, IReadOnlyCollection<long> except, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="ids"/> have no stored results yet.</summary>
    Task<List<long>> UnfinishedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}
