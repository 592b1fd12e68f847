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

    /// <summary>Counts an attempt at the search unless complete (a heartbeat for the sweep); says whether it is parked.</summary>
    Task<SearchStart> MarkStartedAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts an attempt at each of <paramref name="ids"/> not yet complete, in one statement, and returns them in
    /// id order with their starts: a batch's <see cref="FindAsync"/> and <see cref="MarkStartedAsync"/>. Ids the
    /// registry never owed, and searches already complete, are left out.
    /// </summary>
    Task<List<StartedSearch>> StartAllAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a failed attempt and keeps why, for an operator; at <paramref name="maxFailures"/> the search is parked
    /// (true), no longer pending. Best effort for the caller: the store may be what failed.
    /// </summary>
    Task<bool> RecordFailureAsync(long id, string error, int maxFailures, CancellationToken cancellationToken = default);

    /// <summary>The search as recorded, or null for an id the registry never owed.</summary>
    Task<SearchStatus?> StatusAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The searches owed and neither finished nor parked.</summary>
    Task<long> PendingCountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The searches pending with ids from <paramref name="first"/> to <paramref name="last"/> (an import's), and those
    /// pending up to <paramref name="last"/> at all: the pump starts the oldest first, so these are what the import waits on.
    /// </summary>
    Task<(long Within, long UpTo)> PendingRangeAsync(long first, long last, CancellationToken cancellationToken = default);

    /// <summary>How many searches were completed within the last <paramref name="window"/>: the registry's pace.</summary>
    Task<long> CompletedWithinAsync(TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Searches started but not finished, and quiet for at least <paramref name="quietFor"/>: lost on the way.</summary>
    Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default);

    /// <summary>The oldest searches nobody has started (research searches aside), other than <paramref name="except"/>.</summary>
    Task<List<long>> UnstartedAsync(int limit, IReadOnlyCollection<long> except, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="ids"/> have no stored results yet.</summary>
    Task<List<long>> UnfinishedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}
