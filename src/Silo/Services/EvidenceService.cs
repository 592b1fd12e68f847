using System.Collections.Concurrent;
using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Power;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// The strength of each match: P(LR ≥ its LR | an unrelated person) from the case's exact LR distribution (kept per
/// case revision), times the persons registered; and the posterior with prior π = P(registered) / persons over the
/// case's m stored candidates, taking every other person's LR at its mean under H2, which is 1:
/// posterior = π·LR / (π·ΣLR + 1 − m·π), so that a case's posteriors sum to at most 1.
/// </summary>
public sealed class EvidenceService(IGrainFactory grains, KinshipEngine engine, IMatchStore matches, IOptions<RegistryOptions> options)
{
    private const int KeptCases = 4096;
    private readonly ConcurrentDictionary<(string CaseId, int Revision), (double Floor, LrDistribution Distribution)> _distributions = new();

    /// <summary>The posterior of a candidate of LR <paramref name="lr"/> among a case's <paramref name="candidates"/> whose LRs sum to <paramref name="sum"/>.</summary>
    public static double Posterior(double lr, double prior, double sum, int candidates) => prior * lr / ((prior * sum) + 1 - (candidates * prior));

    /// <summary>Each match's evidence, in order; null where a case has no reference left.</summary>
    public async Task<IReadOnlyList<MatchEvidence?>> ForAsync(IReadOnlyList<RankedMatch> ranked, CancellationToken cancellationToken)
    {
        if (ranked.Count == 0)
        {
            return [.. ranked.Select(_ => (MatchEvidence?)null)];
        }

        var persons = Math.Max(1, (await matches.StatsAsync(cancellationToken)).UnknownParentage);
        var byCase = new ConcurrentDictionary<string, (LrDistribution? Distribution, List<RankedMatch> Candidates)>(StringComparer.Ordinal);
        // Each case's distribution need only be exact from its weakest match listed here up; the cases in parallel.
        var weakest = ranked.GroupBy(m => m.CaseId, StringComparer.Ordinal).Select(g => (CaseId: g.Key, Lr: g.Min(m => m.Lr)));
        await Parallel.ForEachAsync(weakest, cancellationToken, async (c, token) =>
        {
            // Every stored candidate of the case, not only those listed here, shares its posterior mass.
            byCase[c.CaseId] = (await DistributionAsync(c.CaseId, c.Lr, token), await matches.ListAsync(null, c.CaseId, 0, token));
        });

        return [.. ranked.Select(m => byCase[m.CaseId] is ({ } distribution, var candidates)
            ? new MatchEvidence(distribution.Exceedance(m.Lr).Unrelated * persons, Among(m.Lr, options.Value.PriorRegistered, persons, candidates),
                options.Value.PriorRegistered, persons)
            : null)];
    }

    /// <summary>A candidate's posterior under another P(registered) than the registry's, as the report's editable prior asks.</summary>
    public async Task<double> PosteriorAsync(string caseId, double lr, double priorRegistered, long persons, CancellationToken cancellationToken) =>
        Among(lr, priorRegistered, persons, await matches.ListAsync(null, caseId, 0, cancellationToken));

    /// <summary>The posterior of a candidate of LR <paramref name="lr"/> among its case's stored candidates, P(registered) spread over the persons.</summary>
    private static double Among(double lr, double priorRegistered, long persons, IReadOnlyList<RankedMatch> candidates) =>
        Posterior(lr, Math.Min(1, priorRegistered / Math.Max(1, persons)), Math.Max(candidates.Sum(m => m.Lr), lr), Math.Max(candidates.Count, 1));

    private async Task<LrDistribution?> DistributionAsync(string caseId, double weakest, CancellationToken cancellationToken)
    {
        var definition = await grains.CurrentAsync(caseId);
        if (definition.References.Count == 0)
        {
            return null;
        }

        // Kept per revision, exact from some LR up: good for any match at or above it.
        if (_distributions.TryGetValue((caseId, definition.Revision), out var known) && known.Floor <= weakest)
        {
            return known.Distribution;
        }

        var floor = Math.Min(weakest, options.Value.ReportingThreshold);
        var distribution = await Task.Run(() => LrDistribution.Above(engine, definition.WithUnknownCandidate(), floor), cancellationToken);
        if (_distributions.Count >= KeptCases)
        {
            _distributions.Clear();
        }

        _distributions[(caseId, definition.Revision)] = (floor, distribution);
        return distribution;
    }
}
