using Matching.Registry;
using Matching.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>
/// A batch of searches run together. The same steps as <see cref="MatchCoordinatorGrain"/>, in the same order, for
/// many subjects at a time: every subject into its own bucket first (so that of a person and a case registered
/// together at least one search sees the other), its identical registered profiles flagged, then each bucket of the
/// other side asked once for all the subjects, and the whole batch's candidates stored ranked in one transaction.
/// </summary>
public sealed partial class SearchBatchGrain(
    ISearchStore searches,
    IProfileStore profiles,
    IMatchStore matches,
    IDuplicateStore duplicates,
    IOptions<RegistryOptions> options,
    ILogger<SearchBatchGrain> logger) : Grain, ISearchBatchGrain
{
    /// <summary>PostgreSQL statements a batch keeps going at once: a share of the pool, not all of it.</summary>
    private const int StatementsAtOnce = 8;

    private Task _run = Task.CompletedTask;

    private RegistryMetrics Metrics => ServiceProvider.GetRequiredService<RegistryMetrics>();

    public Task Start(List<long> searchIds)
    {
        if (_run.IsCompleted)
        {
            _run = RunAsync(searchIds);
        }

        return Task.CompletedTask;
    }

    private async Task RunAsync(List<long> searchIds)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var phase = started;
            void Phase(string name)
            {
                Metrics.BatchPhase.Record(System.Diagnostics.Stopwatch.GetElapsedTime(phase).TotalSeconds, new KeyValuePair<string, object?>("phase", name));
                phase = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            var going = (await searches.StartAllAsync(searchIds)).Where(s => !s.Start.Parked).Select(s => s.Search).ToList();
            Metrics.SearchesStarted.Add(going.Count);
            Phase("start");
            var persons = await PersonsAsync([.. going.Where(s => s.Kind == SearchKind.Person)]);
            var cases = await CasesAsync([.. going.Where(s => s.Kind == SearchKind.Case)]);
            Phase("prepare");
            await FlagIdenticalAsync([.. persons.Select(p => new IdentitySubject(p.Submission.SubjectId, p.Submission.Person!)),
                .. cases.SelectMany(c => c.Submission.Case!.References.Select(r => new IdentitySubject(r.ProfileId, r.Dna)))]);
            Phase("identity");

            var scored = await Task.WhenAll(ScoreAsync(persons, bucket => GrainFactory.CaseBucket(bucket)), ScoreAsync(cases, bucket => GrainFactory.PersonBucket(bucket)));
            Phase("score");
            // Searches whose subject has gone (a correction moved it to the other side) owe nothing, as a coordinator's.
            var found = persons.Concat(cases).Select(p => p.Search.Id).ToHashSet();
            await matches.CompleteAllAsync([.. scored.SelectMany(s => s), .. going.Where(s => !found.Contains(s.Id)).Select(s => new SearchOutcome(s, []))],
                options.Value.SettingsId);
            Phase("store");
            Metrics.SearchesCompleted.Add(going.Count);
            Metrics.SearchesBatched.Add(going.Count);
            LogBatchDone(logger, searchIds.Count, going.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing is lost: the batch's unfinished searches stay started, and the sweep starts each again on its own.
            LogBatchFailed(logger, e, searchIds.Count, searchIds[0]);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The persons still of unknown parentage, each put into its own bucket (one call per bucket).</summary>
    private async Task<List<Owed>> PersonsAsync(List<SearchRequest> owed)
    {
        var stored = (await profiles.FindAllAsync([.. owed.Select(s => s.SubjectId)])).ToDictionary(p => p.Record.Id, StringComparer.Ordinal);
        var ready = owed.Where(s => stored.TryGetValue(s.SubjectId, out var p) && p.Record.Category == ProfileCategory.UnknownParentage)
            .Select(s => (Search: s, stored[s.SubjectId].Version, Dna: Dna.OfSorted(stored[s.SubjectId].Record.Sex, stored[s.SubjectId].Record.SortedLoci))).ToList();
        await Task.WhenAll(ready.GroupBy(r => Bucket(r.Search.SubjectId)).Select(g =>
            GrainFactory.PersonBucket(g.Key).UpsertAll([.. g.Select(r => new RegisteredPerson(r.Search.SubjectId, r.Version, r.Dna))])));
        return [.. ready.Select(r => new Owed(r.Search, new Submission(r.Search.Id, r.Search.SubjectId, r.Dna, null)))];
    }

    /// <summary>The cases as they stand (their grains refreshed), each put into its own bucket; a case with no reference left is searched by no one.</summary>
    private async Task<List<Owed>> CasesAsync(List<SearchRequest> owed)
    {
        var definitions = await Each(owed, async s => (Search: s, Definition: await GrainFactory.GetGrain<ICaseGrain>(s.SubjectId).Refresh()));
        await Task.WhenAll(definitions.GroupBy(d => Bucket(d.Search.SubjectId)).Select(g =>
            GrainFactory.CaseBucket(g.Key).UpsertAll([.. g.Select(d => d.Definition)])));
        return [.. definitions.Where(d => d.Definition.References.Count > 0)
            .Select(d => new Owed(d.Search, new Submission(d.Search.Id, d.Search.SubjectId, null, d.Definition)))];
    }

    private BucketNumber Bucket(string subjectId) => BucketNumber.Of(BucketHash.Of(subjectId), options.Value.Buckets);

    /// <summary>Flags each subject's identical registered profiles, persons and family references, for review (as a coordinator does).</summary>
    private async Task FlagIdenticalAsync(List<IdentitySubject> subjects)
    {
        if (subjects.Count == 0)
        {
            return;
        }

        var minimum = options.Value.MinimumLoci;
        var found = await Task.WhenAll(BucketNumber.All(options.Value.Buckets).SelectMany(bucket => new[]
        {
            GrainFactory.PersonBucket(bucket).IdenticalAll(subjects, minimum),
            GrainFactory.CaseBucket(bucket).IdenticalAll(subjects, minimum),
        }));
        var flagged = subjects.Select((s, i) => (s.ProfileId, Identical: found.SelectMany(f => f[i]).Select(m => (m.ProfileId, m.SharedLoci)).ToList()))
            .Where(s => s.Identical.Count > 0).ToList();
        await Each(flagged, async s =>
        {
            await duplicates.FlagDuplicatesAsync(s.ProfileId, s.Identical);
            return true;
        });
    }

    /// <summary>Asks every bucket of the other side once for all the subjects; each search's candidates, strongest first.</summary>
    private async Task<List<SearchOutcome>> ScoreAsync(List<Owed> owed, Func<BucketNumber, ILocusBucketGrain> bucketOf)
    {
        if (owed.Count == 0)
        {
            return [];
        }

        var submissions = owed.Select(o => o.Submission).ToList();
        var answers = await Task.WhenAll(BucketNumber.All(options.Value.Buckets).Select(b => bucketOf(b).ScoreAll(submissions)));
        return [.. owed.Select((o, i) => new SearchOutcome(o.Search,
            [.. answers.SelectMany(a => a[i].Candidates).OrderByDescending(c => c.Lr).Select(c => new MatchCandidate(c.ProfileId, c.CaseId, c.Lr))]))];
    }

    /// <summary>Runs <paramref name="work"/> for each item, a few at a time, and returns the results in order.</summary>
    private static async Task<List<TResult>> Each<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> work)
    {
        var results = new TResult[items.Count];
        using var gate = new SemaphoreSlim(StatementsAtOnce);
        await Task.WhenAll(items.Select(async (item, i) =>
        {
            await gate.WaitAsync();
            try
            {
                results[i] = await work(item);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. results];
    }

    /// <summary>A search of the batch and what its buckets are asked.</summary>
    private sealed record Owed(SearchRequest Search, Submission Submission);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Search batch of {Asked}: {Run} searches stored in {Seconds} s")]
    private static partial void LogBatchDone(ILogger logger, int asked, int run, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search batch of {Count} from search {First} failed; the sweep starts its searches again one by one")]
    private static partial void LogBatchFailed(ILogger logger, Exception error, int count, long first);
}
