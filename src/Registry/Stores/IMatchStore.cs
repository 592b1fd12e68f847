namespace Matching.Registry.Stores;

/// <summary>Where match results, search completion and the audit are kept.</summary>
public interface IMatchStore
{
    /// <summary>Replaces the subject's matches with a search's candidates and marks it done; false when it already was.</summary>
    /// <paramref name="settingsId"/> names the kinship settings that computed the candidates.
    Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, int? settingsId, CancellationToken cancellationToken = default);

    Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default);

    Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default);

    Task AuditAsync(string actor, string action, string subject, CancellationToken cancellationToken = default);
}
