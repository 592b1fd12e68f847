using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>
/// Sets the searches owed going. The pump keeps at most <see cref="RegistryOptions.SearchesInFlight"/> searches
/// started and unfinished, so that a bulk import's million searches wait in PostgreSQL rather than in the buckets'
/// queues. The sweep, driven by a reminder so that it runs on whichever silo owns it after any restart, starts again
/// the searches that went quiet after they were started.
/// </summary>
public sealed class SearchSweepGrain(
    ISearchStore searches,
    IOptions<RegistryOptions> options,
    ILogger<SearchSweepGrain> logger) : Grain, ISearchSweepGrain, IRemindable
{
    private const string ReminderName = "sweep";

    /// <summary>Fewer searches owed than this go one by one: a registration's own search is not held for a batch.</summary>
    private const int SmallestBatch = 16;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private Task _pump = Task.CompletedTask;
    private bool _kicked;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Ensure() =>
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.SweepPeriod, options.Value.SweepPeriod);

    public Task Kick()
    {
        _kicked = true;
        _wake.TrySetResult();
        if (_pump.IsCompleted)
        {
            _pump = Pump();
        }

        return Task.CompletedTask;
    }

    public async Task<int> Sweep()
    {
        await Kick();
        var stalled = await searches.StalledAsync(options.Value.StalledAfter, 10_000);
        if (stalled.Count == 0)
        {
            return 0;
        }

        logger.LogInformation("Sweep: starting {Count} stalled searches again", stalled.Count);
        var restarted = 0;
        foreach (var chunk in stalled.Chunk(64))
        {
            restarted += (await Task.WhenAll(chunk.Select(Start))).Count(started => started);
        }

        return restarted;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await Sweep();

    /// <summary>
    /// Starts unstarted searches, oldest first, while fewer than the limit are in flight; returns once none is
    /// unstarted or in flight and no kick came meanwhile. A search in flight longer than the quiet time is the
    /// sweep's, and one that could not be started waits that long before it is tried again.
    /// </summary>
    private async Task Pump()
    {
        var inFlight = new Dictionary<long, DateTime>();
        try
        {
            while (true)
            {
                DelayDeactivation(TimeSpan.FromMinutes(5));

                // Renewed before looking, so that a kick while this turn looks and starts cuts the wait after it short.
                _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (inFlight.Count > 0)
                {
                    var unfinished = (await searches.UnfinishedAsync(inFlight.Keys)).ToHashSet();
                    var quiet = DateTime.UtcNow - options.Value.StalledAfter;
                    foreach (var id in inFlight.Keys.Where(id => !unfinished.Contains(id) || inFlight[id] < quiet).ToList())
                    {
                        inFlight.Remove(id);
                    }
                }

                var batch = Math.Max(1, options.Value.SearchBatch);
                var room = options.Value.SearchesInFlight - inFlight.Count;
                var next = room > 0 ? await searches.UnstartedAsync(room, inFlight.Keys) : [];
                if (next.Count == 0 && inFlight.Count == 0)
                {
                    if (!_kicked)
                    {
                        return;
                    }

                    _kicked = false;
                    continue;
                }

                foreach (var id in next)
                {
                    inFlight[id] = DateTime.UtcNow;
                }

                await Task.WhenAll(next.Chunk(batch).Select(chunk => chunk.Length >= SmallestBatch ? StartBatch(chunk) : Task.WhenAll(chunk.Select(Start))));
                if (next.Count < room || room <= 0)
                {
                    // Until searches in flight may have finished, or a kick brings new ones (a registration waiting on its search).
                    await Task.WhenAny(Task.Delay(Poll), _wake.Task);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next kick or sweep starts the pump again.
            logger.LogWarning(e, "Search pump stopped");
        }
    }

    private async Task StartBatch(long[] ids)
    {
        try
        {
            await GrainFactory.GetGrain<ISearchBatchGrain>(ids[0]).Start([.. ids]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "A batch of {Count} searches from {SearchId} could not be started; they are tried again later", ids.Length, ids[0]);
        }
    }

    private async Task<bool> Start(long id)
    {
        try
        {
            await GrainFactory.GetGrain<IMatchCoordinatorGrain>(id).Start();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Search {SearchId} could not be started; it is tried again later", id);
            return false;
        }
    }
}
