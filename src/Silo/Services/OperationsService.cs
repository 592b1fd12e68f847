using Orleans.Runtime;

namespace Matching.Silo.Services;

/// <summary>What operators see of the cluster: each silo, its status and the locus buckets active on it (no genotypes).</summary>
public sealed class OperationsService(IGrainFactory grains)
{
    public async Task<IReadOnlyList<SiloBuckets>> SilosAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false);
        var statistics = await management.GetSimpleGrainStatistics();
        var buckets = statistics.Where(s => s.GrainType.Contains("BucketGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));
        return [.. hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h => new SiloBuckets(h.Key.ToString(), h.Value.ToString(), buckets.GetValueOrDefault(h.Key)))];
    }
}

/// <summary>A silo as the operations page lists it.</summary>
public sealed record SiloBuckets(string Address, string Status, int Buckets);
