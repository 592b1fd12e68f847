namespace Matching.Registry.Stores;

/// <summary>Where match results, and search completion are kept.</summary>
public interface IMatchStore
{
    /// <summary>Replaces the subject's matches with a search's candidates and marks it done; false when it already was.</summary>
    /// <paramref name="settingsId"/> names the kinship settings that computed the candidates.
    Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, int? settingsId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a batch of searches in one transaction, with the matches <see cref="CompleteAsync"/> would leave had
    /// it completed them one at a time in id order; returns the ids it completed (not those already complete).
    /// </summary>
    Task<IReadOnlyList<long>> CompleteAllAsync(IReadOnlyList<SearchOutcome> outcomes, int? settingsId, CancellationToken cancellationToken = default);

    /// <summary>Every stored match of <paramref name="caseIds"/>, unranked: what a case's posteriors are spread over.</summary>
    Task<List<MatchCandidate>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default);

    Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default);

    /// <summary>A page of matches in the order of <see cref="MatchCursor"/>, within the query's provinces.</summary>
    Task<List<RankedMatch>> PageAsync(MatchQuery query, CancellationToken cancellationToken = default);

    Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default);
}
