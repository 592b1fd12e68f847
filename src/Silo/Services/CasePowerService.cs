using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Power;
using Matching.Registry.Power;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// What a case's references can show, at the registry's size: for each threshold the chance that the true child
/// reaches it, the chance that an unrelated person does, and so the unrelated persons expected above it among those
/// registered (at the thresholds asked and at LR 10,000); the true child's median and 5th-percentile log10 LR; and, when asked, each relative that could still
/// be added with the same figures, ranked by how much they raise P(true child ≥ LR 10,000). Exact where the grid is
/// affordable, otherwise by seeded simulation (<see cref="CasePowerCalculator"/>); the relatives always by simulation.
/// </summary>
public sealed class CasePowerService(IGrainFactory grains, KinshipEngine engine, IProfileStore profiles, RegisteredPersons registered,
    IOptions<RegistryOptions> options)
{
    private const int KeptCases = 4096;

    /// <summary>A case's figures for one revision, thresholds and grid: the same every time they are asked (the draws are seeded).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string CaseId, int Revision, string Thresholds, double Step), CasePower> _kept = new();

    /// <summary>Draws per simulated figure, and their seed: the same case gives the same figures.</summary>
    public const int Draws = 10_000;

    public const int Seed = 1;

    /// <summary>The level relatives are ranked at: China's parentage standard's support for a combined PI.</summary>
    public const double RankingLevel = 10_000;

    public async Task<CasePowerReport?> PowerAsync(string caseId, IReadOnlyList<double>? thresholds, bool withRelatives, CancellationToken cancellationToken,
        double step = LrDistribution.DefaultStep)
    {
        var definition = await grains.CurrentAsync(caseId);
        if (definition.References.Count == 0)
        {
            return null;
        }

        var asked = (thresholds is { Count: > 0 } ? thresholds : [options.Value.ReportingThreshold, RankingLevel]).Distinct().ToList();
        var ranked = asked.Contains(RankingLevel) ? asked : [.. asked, RankingLevel];
        var kinshipCase = definition.WithUnknownCandidate();
        var key = (caseId, definition.Revision, string.Join(',', ranked.Order().Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), step);
        if (!_kept.TryGetValue(key, out var power))
        {
            power = await Task.Run(() => CasePowerCalculator.Power(engine, kinshipCase, ranked, Draws, Seed, step), cancellationToken);
            if (_kept.Count >= KeptCases)
            {
                _kept.Clear();
            }

            _kept[key] = power;
        }

        var persons = (await registered.BySexAsync(cancellationToken)).Total;
        IReadOnlyList<RelativeAdvice>? relatives = null;
        if (withRelatives)
        {
            var before = power.Power.Single(p => p.Threshold == RankingLevel).TrueChild;
            var found = await Task.Run(() => NextRelative.Rank(engine, kinshipCase, power, ranked, RankingLevel, Draws, Seed), cancellationToken);
            relatives = [.. found.Select(r => new RelativeAdvice(RoleNames.Name(r.Role), RankingLevel,
                r.Power.Power.Single(p => p.Threshold == RankingLevel).TrueChild - before, Figures(r.Power, persons),
                r.Power.TrueChildLog10Lr.Median, r.Power.TrueChildLog10Lr.P05, Method(r.Power)))];
        }

        return new CasePowerReport(caseId, definition.Revision, [.. definition.References.Select(r => new CaseReferenceRole(r.ProfileId, r.Role))], persons,
            Figures(power, persons), power.TrueChildLog10Lr.Median, power.TrueChildLog10Lr.P05, Method(power), relatives);
    }

    /// <summary>
    /// The background's figure at one <paramref name="level"/> for many cases: their references read from PostgreSQL in
    /// one statement (no case grain activated), the figures worked out on every core. Cases left without a reference are skipped.
    /// </summary>
    public async Task<List<StoredCasePower>> BackgroundAsync(IReadOnlyCollection<string> caseIds, double level, double step, CancellationToken cancellationToken)
    {
        var cases = await profiles.CasesAsync(caseIds, cancellationToken);
        var unknown = new Profile(Sex.Unknown, new Dictionary<string, Genotype>());
        var figures = new StoredCasePower[cases.Count];
        await Task.Run(() => Parallel.For(0, cases.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var stored = cases[i];
            if (stored.References.Count == 0)
            {
                return;
            }

            var kinshipCase = new KinshipCase(stored.Id, [.. stored.References.Select(r => new Reference(r.Role, r.Profile, r.ProfileId))], unknown);
            var power = CasePowerCalculator.Power(engine, kinshipCase, [level], Draws, Seed, step);
            var at = power.Power.Single();
            figures[i] = new StoredCasePower(stored.Id, stored.Revision, options.Value.SettingsId, level, at.TrueChild, at.Unrelated,
                power.TrueChildLog10Lr.Median, power.TrueChildLog10Lr.P05, DateTimeOffset.UtcNow);
        }), cancellationToken);
        return [.. figures.Where(f => f is not null)];
    }

    private static List<ThresholdPower> Figures(CasePower power, long persons) =>
        [.. power.Power.Select(p => new ThresholdPower(p.Threshold, p.TrueChild, p.Unrelated, p.Unrelated * persons,
            p.TrueChildStandardError, p.UnrelatedStandardError))];

    private static string Method(CasePower power) => power.Method == PowerMethod.Exact ? "exact" : "simulation";
}
