using Matching.Grains;
using Matching.Registry.Stores;

namespace Matching.Silo.Telemetry;

/// <summary>
/// Reads the searches owed every 10 seconds for matching.searches.pending (a gauge's callback may not query PostgreSQL
/// itself), from the pending searches' index: its cost follows the backlog, not the registry's size.
/// </summary>
public sealed partial class PendingSearchesGauge(ISearchStore searches, RegistryMetrics metrics, ILogger<PendingSearchesGauge> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                metrics.Pending(await searches.PendingCountAsync(stoppingToken));
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                GaugeDeferred(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pending searches not read ({ErrorType})")]
    private static partial void GaugeDeferred(ILogger logger, string errorType);
}
