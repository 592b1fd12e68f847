using System.Collections.Concurrent;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>
/// The registry's match store with a fault injected where a search stores its results: a subject named here fails
/// that many more times (or always), as when PostgreSQL is away. Shared by the silos of one test process.
/// </summary>
internal sealed class FailingCompletions(IMatchStore inner) : IMatchStore
{
    public const int Always = int.MaxValue;

    public static ConcurrentDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    public async Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, int? settingsId, CancellationToken cancellationToken = default)
    {
        if (Failures.TryGetValue(search.SubjectId, out var left) && left > 0)
        {
            Failures[search.SubjectId] = left == Always ? Always : left - 1;
            throw new InvalidOperationException($"injected fault: the database is away (search {search.Id})");
        }

        return await inner.CompleteAsync(search, candidates, settingsId, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> CompleteAllAsync(IReadOnlyList<SearchOutcome> outcomes, int? settingsId, CancellationToken cancellationToken = default)
    {
        // A batch holding a failing subject fails whole, as its one transaction would.
        foreach (var outcome in outcomes)
        {
            if (Failures.TryGetValue(outcome.Search.SubjectId, out var left) && left > 0)
            {
                Failures[outcome.Search.SubjectId] = left == Always ? Always : left - 1;
                throw new InvalidOperationException($"injected fault: the database is away (search {outcome.Search.Id})");
            }
        }

        return await inner.CompleteAllAsync(outcomes, settingsId, cancellationToken);
    }

    public Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default) =>
        inner.ListAsync(profileId, caseId, minimumLr, cancellationToken);

    public Task<List<MatchCandidate>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default) =>
        inner.OfCasesAsync(caseIds, cancellationToken);

    public Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default) => inner.StatsAsync(cancellationToken);

    public Task<List<RankedMatch>> PageAsync(MatchQuery query, CancellationToken cancellationToken = default) => inner.PageAsync(query, cancellationToken);
}
