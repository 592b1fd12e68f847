using Microsoft.Extensions.DependencyInjection;
using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>
/// A research's driver. Its searches are ordinary case searches (each replaces its case's results in one
/// transaction); this grain keeps a window of them in flight so that a re-search of the whole registry uses every
/// core without flooding the buckets, and its reminder picks the work up again after a silo restart.
/// </summary>
public sealed class ResearchGrain(
    IResearchStore researches,
    IOptions<RegistryOptions> options,
    ILogger<ResearchGrain> logger) : Grain, IResearchGrain, IRemindable
{
    private const string ReminderName = "research";

    // A search that has not completed in this long is started again (it asks only the buckets that have not answered).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IGrainTimer? _drive;

    public async Task Resume()
    {
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        Begin();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Begin();
        return Task.CompletedTask;
    }

    private void Begin() =>
        _drive ??= this.RegisterGrainTimer(Drive, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    private async Task Drive(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyLong();
        try
        {
            var window = Math.Max(1, options.Value.ResearchConcurrency);
            var inFlight = new List<Task>();
            var after = 0L;
            while (true)
            {
                var page = await researches.PendingAsync(id, after, 4 * window, cancellationToken);
                if (page.Count == 0)
                {
                    // The end of a pass: wait for what is in flight, then a pass from the start picks up what a
                    // timeout left pending; a pass from the start that finds nothing is the end.
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                    if (after == 0)
                    {
                        break;
                    }

                    after = 0;
                    continue;
                }

                foreach (var search in page)
                {
                    if (inFlight.Count >= window)
                    {
                        inFlight.Remove(await Task.WhenAny(inFlight));
                    }

                    inFlight.Add(Run(search, cancellationToken));
                    after = search;
                }
            }

            if (await researches.TryCompleteAsync(id, cancellationToken))
            {
                logger.LogInformation("Research {ResearchId} complete", id);
                if (await this.GetReminder(ReminderName) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Research {ResearchId} stopped; its reminder resumes it", id);
        }
        finally
        {
            _drive?.Dispose();
            _drive = null;
        }
    }

    private async Task Run(long search, CancellationToken cancellationToken)
    {
        var coordinator = GrainFactory.GetGrain<IMatchCoordinatorGrain>(search);
        try
        {
            await coordinator.Start();
            await coordinator.Completion().WaitAsync(Patience, cancellationToken);
            ServiceProvider.GetRequiredService<RegistryMetrics>().ResearchCases.Add(1);
        }
        catch (TimeoutException)
        {
            // Still pending: the next page lists it again and starts it again.
        }
    }
}
