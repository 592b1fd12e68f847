using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>
/// Finds searches left pending (a stream message lost, a silo killed mid-search, a crash between commit and stream)
/// and starts them again. Driven by a reminder, so it runs on whichever silo owns it, after any restart.
/// </summary>
public sealed class SearchSweepGrain(
    ISearchStore searches,
    IOptions<RegistryOptions> options,
    ILogger<SearchSweepGrain> logger) : Grain, ISearchSweepGrain, IRemindable
{
    private const string ReminderName = "sweep";

    public async Task Ensure() =>
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.SweepPeriod, options.Value.SweepPeriod);

    public async Task<int> Sweep()
    {
        var stalled = await searches.StalledAsync(options.Value.StalledAfter, 10_000);
        if (stalled.Count == 0)
        {
            return 0;
        }

        logger.LogInformation("Sweep: starting {Count} stalled searches again", stalled.Count);
        var restarted = 0;
        foreach (var chunk in stalled.Chunk(64))
        {
            var results = await Task.WhenAll(chunk.Select(async id =>
            {
                try
                {
                    await GrainFactory.GetGrain<IMatchCoordinatorGrain>(id).Start();
                    return true;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Sweep: search {SearchId} could not be started; the next sweep tries again", id);
                    return false;
                }
            }));
            restarted += results.Count(r => r);
        }

        return restarted;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await Sweep();
}
