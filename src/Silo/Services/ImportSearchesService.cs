using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>
/// How far the searches an import owes have got: the pump starts the oldest searches first, so the import is searched
/// when none up to its last search is pending, and its ETA is those searches over the registry's pace of the last
/// minute. Its done count is its owed less those pending among its ids (a registration sent meanwhile may take an id
/// among them and is counted with them).
/// </summary>
public sealed class ImportSearchesService(ISearchStore searches)
{
    public async Task<ImportSearches> ForAsync(ImportProgress import, CancellationToken cancellationToken)
    {
        if (import.FirstSearch is not { } first || import.LastSearch is not { } last)
        {
            return new ImportSearches(import.SearchesOwed, import.SearchesOwed, 0, 0, 0, 0);
        }

        var (within, upTo) = await searches.PendingRangeAsync(first, last, cancellationToken);
        var perSecond = await searches.CompletedWithinAsync(OperationsService.PaceWindow, cancellationToken) / OperationsService.PaceWindow.TotalSeconds;
        var pending = Math.Min(within, import.SearchesOwed);
        double? eta = upTo == 0 ? 0 : perSecond > 0 ? Math.Round(upTo / perSecond) : null;
        return new ImportSearches(import.SearchesOwed, import.SearchesOwed - pending, pending, upTo, Math.Round(perSecond, 1), eta);
    }
}

/// <summary>
/// An import's searches: owed, done and pending; <paramref name="WaitingOn"/> the searches pending up to its last
/// (its own and older ones); the registry's searches per second over the last minute; and the seconds until its last
/// is done at that pace (null while nothing completes).
/// </summary>
public sealed record ImportSearches(long Owed, long Done, long Pending, long WaitingOn, double PerSecond, double? EtaSeconds);
