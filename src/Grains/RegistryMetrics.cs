using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Matching.Grains;

/// <summary>
/// The registry's own instruments, on the meter "Matching" (Prometheus shows them as matching_…): searches started,
/// completed and parked, search latency, searches pending, members per bucket, pairs scored, profiles registered
/// and research progress. Counts only: no genotype, profile or case id ever becomes a tag.
/// </summary>
public sealed class RegistryMetrics
{
    public const string MeterName = "Matching";

    private readonly ConcurrentDictionary<string, long> _members = new(StringComparer.Ordinal);
    private long _pending;

    public RegistryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        SearchesStarted = meter.CreateCounter<long>("matching.searches.started", "{search}", "Searches a coordinator began");
        SearchesCompleted = meter.CreateCounter<long>("matching.searches.completed", "{search}", "Searches whose matches were stored");
        SearchesBatched = meter.CreateCounter<long>("matching.searches.batched", "{search}", "Searches stored by a batch (of those completed)");
        SearchesParked = meter.CreateCounter<long>("matching.searches.parked", "{search}", "Searches set aside after repeated failures");
        SearchDuration = meter.CreateHistogram<double>("matching.search.duration", "s", "From a coordinator's first attempt to its matches stored");
        BatchPhase = meter.CreateHistogram<double>("matching.search.batch.phase.duration", "s",
            "Each phase of a search batch (start, prepare, identity, score, store), tagged by phase");
        PairsScored = meter.CreateCounter<long>("matching.pairs.scored", "{pair}", "Person-case pairs the buckets scored");
        ProfilesRegistered = meter.CreateCounter<long>("matching.profiles.registered", "{profile}", "Profiles created or corrected");
        ResearchCases = meter.CreateCounter<long>("matching.research.cases", "{case}", "Cases a research has searched again");
        meter.CreateObservableGauge("matching.searches.pending", () => Interlocked.Read(ref _pending), "{search}", "Searches owed, as last read from the registry");
        meter.CreateObservableGauge("matching.bucket.members", () => _members.Select(m => new Measurement<long>(m.Value, new KeyValuePair<string, object?>("bucket", m.Key))),
            "{member}", "Members each bucket active on this silo holds");
    }

    public Counter<long> SearchesStarted { get; }

    public Counter<long> SearchesCompleted { get; }

    public Counter<long> SearchesBatched { get; }

    public Counter<long> SearchesParked { get; }

    public Histogram<double> SearchDuration { get; }

    /// <summary>Where a batch's time goes: the phase tag names it, nothing else.</summary>
    public Histogram<double> BatchPhase { get; }

    public Counter<long> PairsScored { get; }

    public Counter<long> ProfilesRegistered { get; }

    public Counter<long> ResearchCases { get; }

    public void Pending(long searches) => Interlocked.Exchange(ref _pending, searches);

    /// <summary>A bucket's members as it last answered (its key names the side and number, nothing else).</summary>
    public void Members(string bucket, long members) => _members[bucket] = members;
}
