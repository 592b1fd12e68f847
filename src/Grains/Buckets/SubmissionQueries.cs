using System.Collections.Concurrent;
using Matching.Kinship.Scan;
using Microsoft.Extensions.Options;

namespace Matching.Grains.Buckets;

/// <summary>
/// The scan queries of the submissions in flight, built once per silo: every bucket on the silo scores the same
/// submission, and building a case's tables (a peeling per genotype and locus) costs more than scanning a bucket.
/// </summary>
public sealed class SubmissionQueries(IOptions<RegistryOptions> options)
{
    /// <summary>
    /// Room for every search in flight, of each kind of member (a person's three: fathers, mothers, both parents), so
    /// that a batch's queries are not dropped while its last buckets still need them.
    /// </summary>
    private readonly int _capacity = (3 * options.Value.SearchesInFlight) + 64;

    private readonly ConcurrentDictionary<(long Search, int Kind), Lazy<IScanQuery?>> _queries = new();
    private readonly ConcurrentQueue<(long Search, int Kind)> _order = new();

    /// <summary>
    /// Builds the query of a search for one kind of member unless a bucket has built it or is building it: a batch's
    /// first pass, in which the buckets of a silo share the building out and none waits on another.
    /// </summary>
    public void Prepare(long search, int kind, Func<IScanQuery?> build)
    {
        var query = new Lazy<IScanQuery?>(build, LazyThreadSafetyMode.ExecutionAndPublication);
        if (_queries.TryAdd((search, kind), query))
        {
            Remember((search, kind));
            _ = query.Value;
        }
    }

    /// <summary>The query of a search for one kind of member, built by the first bucket that asks (its exceptions too).</summary>
    public IScanQuery? GetOrBuild(long search, int kind, Func<IScanQuery?> build)
    {
        var query = _queries.GetOrAdd((search, kind), key =>
        {
            Remember(key);
            return new Lazy<IScanQuery?>(build, LazyThreadSafetyMode.ExecutionAndPublication);
        });
        return query.Value;
    }

    /// <summary>Keeps the newest queries only: the oldest go once there are more than the searches in flight need.</summary>
    private void Remember((long Search, int Kind) key)
    {
        _order.Enqueue(key);
        while (_order.Count > _capacity && _order.TryDequeue(out var oldest))
        {
            _queries.TryRemove(oldest, out _);
        }
    }
}
