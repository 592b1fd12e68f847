using System.Collections.Concurrent;
using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Power;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// The strength of each match: P(LR ≥ its LR | an unrelated person) from the case's exact LR distribution (kept per
/// case revision), times the persons registered; and the posterior with prior π = P(registered) / N, N the persons
/// who could be the missing child (of its sex, or of unknown sex, where an office recorded the child's sex; else
/// every person), over the case's m stored candidates who could be the child, taking every other person's LR at its
/// mean under H2, which is 1: posterior = π·LR / (π·ΣLR + 1 − m·π), so that a case's posteriors sum to at most 1. A
/// candidate of the other sex cannot be the child: posterior 0.
/// </summary>
public sealed class EvidenceService(IGrainFactory grains, KinshipEngine engine, IMatchStore matches, IProfileStore profiles, RegisteredPersons registered,
    IOptions<RegistryOptions> options)
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

        var persons = await registered.BySexAsync(cancellationToken);
        // Every stored candidate of each case, not only those listed here, shares its posterior mass: read for all the cases at once.
        var priors = await PriorsAsync([.. ranked.Select(m => m.CaseId).Distinct(StringComparer.Ordinal)], persons, cancellationToken);
        var byCase = new ConcurrentDictionary<string, (LrDistribution? Distribution, CasePrior Prior)>(StringComparer.Ordinal);
        // Each case's distribution need only be exact from its weakest match listed here up; the cases in parallel.
        var weakest = ranked.GroupBy(m => m.CaseId, StringComparer.Ordinal).Select(g => (CaseId: g.Key, Lr: g.Min(m => m.Lr)));
        await Parallel.ForEachAsync(weakest, cancellationToken, async (c, token) =>
            byCase[c.CaseId] = (await DistributionAsync(c.CaseId, c.Lr, token), priors[c.CaseId]));

        var priorRegistered = options.Value.PriorRegistered;
        return [.. ranked.Select(m => byCase[m.CaseId] is ({ } distribution, var prior)
            ? new MatchEvidence(distribution.Exceedance(m.Lr).Unrelated * Math.Max(1, persons.Total), prior.Posterior(m.ProfileId, m.Lr, priorRegistered),
                priorRegistered, Math.Max(1, persons.Total), prior.MissingSexText, prior.CouldBe)
            : null)];
    }

    /// <summary>A candidate's posterior under another P(registered) than the registry's, as the report's editable prior asks.</summary>
    public async Task<double> PosteriorAsync(string caseId, string profileId, double lr, double priorRegistered, CancellationToken cancellationToken) =>
        (await PriorsAsync([caseId], await registered.BySexAsync(cancellationToken), cancellationToken))[caseId].Posterior(profileId, lr, priorRegistered);

    /// <summary>Whom each case's prior is spread over, and its stored candidates who could be the child: three statements for all the cases.</summary>
    private async Task<Dictionary<string, CasePrior>> PriorsAsync(IReadOnlyCollection<string> caseIds, PersonsBySex persons, CancellationToken cancellationToken)
    {
        var missing = await profiles.MissingSexesAsync(caseIds, cancellationToken);
        var candidates = (await matches.OfCasesAsync(caseIds, cancellationToken)).ToLookup(m => m.CaseId, StringComparer.Ordinal);
        var sexes = await profiles.SexesAsync([.. candidates.SelectMany(c => c).Select(m => m.ProfileId).Distinct(StringComparer.Ordinal)], cancellationToken);
        return caseIds.ToDictionary(id => id, id =>
        {
            var sex = missing.GetValueOrDefault(id, Sex.Unknown);
            var admitted = candidates[id].Where(m => PersonsBySex.Admits(sex, sexes.GetValueOrDefault(m.ProfileId))).ToList();
            return new CasePrior(sex, Math.Max(1, persons.CouldBe(sex)), admitted.Sum(m => m.Lr), admitted.Count, sexes);
        }, StringComparer.Ordinal);
    }

    /// <summary>A case's prior: the missing child's sex, the N persons who could be it, and its admitted candidates' LR sum and count.</summary>
    private sealed record CasePrior(Sex MissingSex, long CouldBe, double Sum, int Candidates, Dictionary<string, Sex> Sexes)
    {
        public string? MissingSexText => MissingSex == Sex.Unknown ? null : Registry.SexCodes.Text(MissingSex);

        public double Posterior(string profileId, double lr, double priorRegistered) =>
            PersonsBySex.Admits(MissingSex, Sexes.GetValueOrDefault(profileId))
                ? EvidenceService.Posterior(lr, Math.Min(1, priorRegistered / CouldBe), Math.Max(Sum, lr), Math.Max(Candidates, 1))
                : 0;
    }

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
