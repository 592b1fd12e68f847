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

    /// <summary>The query of a search for one kind of member, built by the first bucket that asks (its exceptions too).</summary>
    public IScanQuery? GetOrBuild(long search, int kind, Func<IScanQuery?> build)
    {
        var query = _queries.GetOrAdd((search, kind), key =>
        {
            _order.Enqueue(key);
            return new Lazy<IScanQuery?>(build, LazyThreadSafetyMode.ExecutionAndPublication);
        });
        while (_order.Count > _capacity && _order.TryDequeue(out var oldest))
        {
            _queries.TryRemove(oldest, out _);
        }

        return query.Value;
    }
}
