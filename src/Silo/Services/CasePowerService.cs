using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Power;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// What a case's references can show, at the registry's size: for each threshold the chance that the true child
/// reaches it, the chance that an unrelated person does, and so the unrelated persons expected above it among those
/// registered; and the true child's median and 5th-percentile log10 LR. Exact (θ = 0), from the case as it stands.
/// </summary>
public sealed class CasePowerService(IGrainFactory grains, KinshipEngine engine, IMatchStore matches, IOptions<RegistryOptions> options)
{
    public async Task<CasePowerReport?> PowerAsync(string caseId, IReadOnlyList<double>? thresholds, CancellationToken cancellationToken)
    {
        var definition = await grains.CurrentAsync(caseId);
        if (definition.References.Count == 0)
        {
            return null;
        }

        if (engine.Theta > 0)
        {
            throw new InvalidOperationException($"case power is computed exactly at θ = 0 only; this registry runs at θ = {engine.Theta}");
        }

        var asked = thresholds is { Count: > 0 } ? thresholds : [options.Value.ReportingThreshold, 10_000];
        var power = await Task.Run(() => LrDistribution.Power(engine, definition.WithUnknownCandidate(), asked), cancellationToken);
        var persons = (await matches.StatsAsync(cancellationToken)).UnknownParentage;
        return new CasePowerReport(caseId, definition.Revision, [.. definition.References.Select(r => new CaseReferenceRole(r.ProfileId, r.Role))], persons,
            [.. power.Power.Select(p => new ThresholdPower(p.Threshold, p.TrueChild, p.Unrelated, p.Unrelated * persons))],
            power.TrueChildLog10Lr.Median, power.TrueChildLog10Lr.P05, "exact");
    }
}
