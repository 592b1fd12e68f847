using Microsoft.Extensions.DependencyInjection;
using Matching.Grains.Benchmarking;
using Matching.Registry;
using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Matching.Grains;

/// <summary>
/// One search: puts its subject into the subject's own bucket (so that later searches of the other side see it),
/// streams the subject to every bucket of the other side, collects their candidates and stores them ranked.
/// Adding to its own bucket before asking the other side is what makes the order of registration irrelevant:
/// of a person and a case registered at the same moment, at least one search sees the other.
/// </summary>
public sealed partial class MatchCoordinatorGrain(
    ISearchStore searches,
    IProfileStore profiles,
    IMatchStore matches,
    IDuplicateStore duplicates,
    IOptions<RegistryOptions> options,
    ILogger<MatchCoordinatorGrain> logger) : Grain, IMatchCoordinatorGrain, IExhaustiveSearch
{
    private readonly Dictionary<BucketNumber, List<Candidate>> _answers = [];
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SearchRequest? _search;
    private Submission? _submission;
    private bool _completed;
    private bool _parked;
    private IGrainTimer? _retry;
    private TimeSpan _retryAfter = TimeSpan.FromSeconds(1);
    private bool _exhaustive;
    private long _startedAt;

    // The check of the subject's profiles for identical registered ones runs beside the kinship search, not before it.
    private Task _identityChecks = Task.CompletedTask;

    /// <summary>How long a stored search's coordinator stays to answer its completion before it goes.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    private RegistryMetrics Metrics => ServiceProvider.GetRequiredService<RegistryMetrics>();
    private long _scored;
    private long _held;
    private List<Candidate> _ranked = [];

    private int Buckets => options.Value.Buckets;

    public Task Start() => Begin();

    public Task StartExhaustive()
    {
        _exhaustive = true;
        return Begin();
    }

    private async Task Begin()
    {
        if (_completed || _parked)
        {
            return;
        }

        try
        {
            await Attempt();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailure(e);
            throw;
        }
    }

    private async Task Attempt()
    {
        var id = this.GetPrimaryKeyLong();
        // Found and counted as an attempt in one statement; only a search it did not start is looked up again.
        if ((await searches.StartAllAsync([id])).SingleOrDefault() is not { } started)
        {
            if (await searches.FindAsync(id) is null)
            {
                logger.LogWarning("Search {SearchId} is not in the registry; nothing to do", id);
                return;
            }

            _completed = true;
            _stored.TrySetResult();
            DeactivateOnIdle();
            return;
        }

        _search ??= started.Search;
        if (started.Start.Parked)
        {
            Park();
            return;
        }

        if (_startedAt == 0)
        {
            _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            Metrics.SearchesStarted.Add(1);
        }

        if (_submission is null)
        {
            _submission = await Prepare(_search!);
            if (_submission is not null && _exhaustive)
            {
                _submission = _submission with { Exhaustive = true };
            }

            if (_submission is null)
            {
                // The subject has gone (a correction moved it to the other side): the search owes nothing.
                await Complete();
                return;
            }
        }

        if (_answers.Count == Buckets)
        {
            // Every bucket has answered and only storing the results failed: store them, ask nobody again.
            await Complete();
            return;
        }

        var stream = this.GetStreamProvider(LocusBuckets.StreamProvider);
        var side = _search!.Kind == SearchKind.Person ? LocusBuckets.CaseBuckets : LocusBuckets.PersonBuckets;
        await Task.WhenAll(BucketNumber.All(Buckets).Where(bucket => !_answers.ContainsKey(bucket))
            .Select(bucket => stream.GetStream<Submission>(StreamId.Create(side, bucket.Key)).OnNextAsync(_submission)));
        try
        {
            await _identityChecks;
        }
        catch
        {
            // Prepared again on the next attempt, so that the identity check is made again too.
            _submission = null;
            throw;
        }
    }

    public async Task Report(BucketNumber bucket, List<Candidate> candidates, long scored, long held)
    {
        if (_completed || _submission is null || _answers.ContainsKey(bucket))
        {
            // A report for an earlier activation of this search (the sweep asks again), or a repeat.
            return;
        }

        _answers[bucket] = candidates;
        _scored += scored;
        _held += held;
        if (_answers.Count == Buckets)
        {
            try
            {
                await Complete();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // PostgreSQL away for a moment: the answers are kept here, and storing them is tried again (each try
                // an attempt, so a search that can never be stored is parked), as well as by the sweep.
                LogCompletionFailed(logger, e, this.GetPrimaryKeyLong(), _retryAfter.TotalSeconds);
                await RecordFailure(e);
                if (!_parked)
                {
                    ScheduleRetry();
                }
            }
        }
    }

    private void Park()
    {
        Metrics.SearchesParked.Add(1);
        _parked = true;
        _stored.TrySetResult();
        LogParked(logger, this.GetPrimaryKeyLong(), options.Value.MaxSearchFailures);
        DeactivateOnIdle();
    }

    private void ScheduleRetry()
    {
        _retry?.Dispose();
        _retry = this.RegisterGrainTimer(async _ =>
        {
            _retry?.Dispose();
            _retry = null;
            try
            {
                await Begin();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCompletionFailed(logger, e, this.GetPrimaryKeyLong(), _retryAfter.TotalSeconds);
                if (!_parked)
                {
                    ScheduleRetry();
                }
            }
        }, new GrainTimerCreationOptions(_retryAfter, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _retryAfter = TimeSpan.FromSeconds(Math.Min(30, 2 * _retryAfter.TotalSeconds));
    }

    /// <summary>Keeps the failure's kind and message for an operator; it names no DNA. Best effort: the store may be what failed.</summary>
    private async Task RecordFailure(Exception e)
    {
        var error = $"{DateTimeOffset.UtcNow:u} {e.GetType().Name}: {e.Message}";
        try
        {
            if (await searches.RecordFailureAsync(this.GetPrimaryKeyLong(), error.Length > 500 ? error[..500] : error, options.Value.MaxSearchFailures))
            {
                Park();
            }
        }
        catch (Exception again) when (again is not OperationCanceledException)
        {
            LogFailureNotRecorded(logger, this.GetPrimaryKeyLong(), again.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search {SearchId}: storing its results failed; tried again in {Seconds} s")]
    private static partial void LogCompletionFailed(ILogger logger, Exception error, long searchId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search {SearchId}: its failure could not be recorded ({ErrorType})")]
    private static partial void LogFailureNotRecorded(ILogger logger, long searchId, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search {SearchId} parked after {Failures} failed attempts; its last error is in GET /api/searches/{SearchId}")]
    private static partial void LogParked(ILogger logger, long searchId, int failures);

    public Task<SearchProgress> Progress() => Task.FromResult(new SearchProgress(
        this.GetPrimaryKeyLong(), _submission is null ? 0 : Buckets, _answers.Count, _answers.Values.Sum(a => a.Count), _completed, _scored, _held));

    public async Task<CompletedSearch> Completion()
    {
        if (!_completed && !_parked && _submission is null && await searches.StatusAsync(this.GetPrimaryKeyLong()) is { } status)
        {
            // Stored, or parked, by an earlier activation.
            (_completed, _parked) = (status.CompletedAt is not null, status.ParkedAt is not null);
        }

        if (!_completed && !_parked)
        {
            await _stored.Task;
        }

        return new CompletedSearch(await Progress(), _ranked);
    }

    private async Task<Submission?> Prepare(SearchRequest search)
    {
        if (search.Kind == SearchKind.Person)
        {
            var stored = await profiles.FindAsync(search.SubjectId);
            if (stored is null || stored.Record.Category != ProfileCategory.UnknownParentage)
            {
                return null;
            }

            var dna = Dna.OfSorted(stored.Record.Sex, stored.Record.SortedLoci);
            var bucket = BucketNumber.Of(BucketHash.Of(search.SubjectId), Buckets);
            await GrainFactory.PersonBucket(bucket).Upsert(search.SubjectId, stored.Version, dna);
            _identityChecks = FlagIdentical(search.SubjectId, dna);
            return new Submission(search.Id, search.SubjectId, dna, null);
        }

        var definition = await GrainFactory.GetGrain<ICaseGrain>(search.SubjectId).Refresh();
        var caseBucket = BucketNumber.Of(BucketHash.Of(search.SubjectId), Buckets);
        await GrainFactory.CaseBucket(caseBucket).Upsert(definition);
        _identityChecks = Task.WhenAll(definition.References.Select(reference => FlagIdentical(reference.ProfileId, reference.Dna)));

        return definition.References.Count == 0 ? null : new Submission(search.Id, search.SubjectId, null, definition);
    }

    /// <summary>
    /// The profiles already registered, persons and family references, that this one is identical to wherever both
    /// are typed: the same person twice, registered by two offices, under two ids, or once on each side. Flagged for
    /// review, not merged: both stay registered and searched.
    /// </summary>
    private async Task FlagIdentical(string subjectId, Dna dna)
    {
        var minimum = options.Value.MinimumLoci;
        var found = await Task.WhenAll(BucketNumber.All(Buckets).SelectMany(bucket => new[]
        {
            GrainFactory.PersonBucket(bucket).Identical(subjectId, dna, minimum),
            GrainFactory.CaseBucket(bucket).Identical(subjectId, dna, minimum),
        }));
        var identical = found.SelectMany(f => f).Select(m => (m.ProfileId, m.SharedLoci)).ToList();
        if (identical.Count > 0)
        {
            await duplicates.FlagDuplicatesAsync(subjectId, identical);
            logger.LogInformation("Search {SearchId}: a profile of its subject is identical to {Count} registered profiles; flagged as possible duplicates", this.GetPrimaryKeyLong(), identical.Count);
        }
    }

    private async Task Complete()
    {
        _ranked = [.. _answers.Values.SelectMany(a => a).OrderByDescending(c => c.Lr)];
        var candidates = _ranked.Select(c => new MatchCandidate(c.ProfileId, c.CaseId, c.Lr)).ToList();
        await matches.CompleteAsync(_search!, candidates, options.Value.SettingsId);
        Metrics.SearchesCompleted.Add(1);
        if (_startedAt != 0)
        {
            Metrics.SearchDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt).TotalSeconds);
        }

        _completed = true;
        _stored.TrySetResult();
        logger.LogDebug("Search {SearchId} complete: {Buckets} buckets, {Candidates} candidates", _search!.Id, _answers.Count, candidates.Count);
        // Kept a moment, not gone at once: a completion asked just after a fast search gets its candidates from here,
        // where a later activation could only say from the store that it is done.
        this.RegisterGrainTimer(() =>
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(Linger, Timeout.InfiniteTimeSpan));
    }
}
