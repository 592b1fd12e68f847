namespace Matching.Registry.Stores;

/// <summary>Searches again of the whole registry: owed in one transaction, driven page by page, resumed after a restart.</summary>
public interface IResearchStore
{
    /// <summary>Owes a search of every case that has references, under one new research.</summary>
    /// <summary>Owes a search of every case; <paramref name="settingsId"/> names the kinship settings it is begun under.</summary>
    Task<Research> BeginAsync(string reason, string requestedBy, int? settingsId, CancellationToken cancellationToken = default);

    Task<Research?> FindResearchAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The research's searches not yet complete with ids above <paramref name="after"/>, lowest first, at most <paramref name="limit"/>.</summary>
    Task<List<long>> PendingAsync(long id, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks the research complete when none of its searches is pending; returns whether it now is.</summary>
    Task<bool> TryCompleteAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Researches not complete (to resume after a restart).</summary>
    Task<List<long>> ActiveAsync(CancellationToken cancellationToken = default);
}
