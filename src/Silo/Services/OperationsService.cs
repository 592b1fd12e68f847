using Matching.Grains;
using Microsoft.Extensions.Options;
using Matching.Registry.Stores;
using Orleans.Runtime;

namespace Matching.Silo.Services;

/// <summary>
/// What operators see of the cluster: each silo, its status and the locus buckets active on it with their members,
/// and the searches' backlog and pace. No genotypes, and nothing counted by scanning a table a million rows long.
/// </summary>
public sealed class OperationsService(IGrainFactory grains, ISearchStore searches, IOptions<RegistryOptions> options)
{
    /// <summary>The pace is the searches completed over this last stretch, per second.</summary>
    public static readonly TimeSpan PaceWindow = TimeSpan.FromMinutes(1);

    public async Task<OperationsOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var cluster = await ClusterAsync();
        var pending = await searches.PendingCountAsync(cancellationToken);
        var completed = await searches.CompletedWithinAsync(PaceWindow, cancellationToken);
        var members = cluster.Silos.SelectMany(s => s.Buckets).ToLookup(b => b.Side);
        return new OperationsOverview(cluster, members[BucketSide.Persons].Sum(b => (long)b.Members), members[BucketSide.Cases].Sum(b => (long)b.Members),
            pending, completed / PaceWindow.TotalSeconds);
    }

    /// <summary>
    /// The silos of the membership and every locus bucket of both sides on the silo it is active on, with its members.
    /// Asking a bucket activates it where it is not (after a silo died, on a live one), as its next search would.
    /// </summary>
    public async Task<ClusterView> ClusterAsync()
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var all = BucketNumber.All(options.Value.Buckets).ToList();
        var holdings = await Task.WhenAll(
            all.Select(async b => new HeldBucket(BucketSide.Cases, b.Value, await grains.CaseBucket(b).Holding()))
                .Concat(all.Select(async b => new HeldBucket(BucketSide.Persons, b.Value, await grains.PersonBucket(b).Holding()))));
        var bySilo = holdings.ToLookup(h => h.Holding.Silo, StringComparer.Ordinal);
        var silos = hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal).Select(h =>
        {
            var held = bySilo[h.Key.ToString()].OrderBy(b => b.Side).ThenBy(b => b.Bucket).ToList();
            return new ClusterSilo(h.Key.ToString(), h.Value.ToString(), held.Sum(b => b.Holding.Members),
                [.. held.Select(b => new ClusterBucket(b.Side, b.Bucket, b.Holding.Members))]);
        });
        return new ClusterView([.. silos], options.Value.Buckets);
    }

    private sealed record HeldBucket(BucketSide Side, int Bucket, BucketHolding Holding);
}

/// <summary>The operations page: the cluster, the persons and cases its buckets hold, the searches pending and completed per second.</summary>
public sealed record OperationsOverview(ClusterView Cluster, long Persons, long Cases, long PendingSearches, double SearchesPerSecond);

/// <summary>The cluster as <c>GET /api/cluster</c> answers: every silo of the membership, and the buckets per side.</summary>
public sealed record ClusterView(List<ClusterSilo> Silos, int BucketsPerSide);

/// <summary>A silo, its membership status (Active, Dead…), and the buckets active on it with their members.</summary>
public sealed record ClusterSilo(string Address, string Status, int Members, List<ClusterBucket> Buckets);

public sealed record ClusterBucket(BucketSide Side, int Bucket, int Members);

/// <summary>Which side of the registry a locus bucket holds.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<BucketSide>))]
public enum BucketSide
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("cases")]
    Cases,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("persons")]
    Persons,
}
