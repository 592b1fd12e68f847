using Matching.Grains;
using Matching.Registry.Power;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// Works out each case's power in the background, for the revision of its references and the kinship settings the
/// silo runs: a new case, a changed one and every case after a change of settings. It waits while searches are
/// owed, as those are what offices wait on, and takes one case at a time.
/// </summary>
public sealed partial class CasePowerRefresher(CasePowerStore store, CasePowerService power, IOptions<RegistryOptions> options,
    ILogger<CasePowerRefresher> logger) : BackgroundService
{
    /// <summary>The convincing level: China's parentage standard treats a combined PI of 10,000 as support.</summary>
    public const double Level = CasePowerService.RankingLevel;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = 0;
            try
            {
                if (!await store.SearchesPendingAsync(stoppingToken))
                {
                    foreach (var (caseId, _) in await store.StaleAsync(options.Value.SettingsId, Level, 16, stoppingToken))
                    {
                        if (await power.PowerAsync(caseId, [Level], withRelatives: false, stoppingToken) is { } report && report.Thresholds is [var at])
                        {
                            await store.SaveAsync(new StoredCasePower(caseId, report.Revision, options.Value.SettingsId, Level, at.TrueChild, at.Unrelated,
                                report.TrueChildMedianLog10Lr, report.TrueChildP05Log10Lr, DateTimeOffset.UtcNow), stoppingToken);
                            worked++;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or Orleans.Runtime.OrleansException or InvalidOperationException)
            {
                // The silo still starting, or PostgreSQL away: tried again shortly.
                PowerDeferred(logger, e.GetType().Name);
            }

            if (worked == 0)
            {
                try
                {
                    await Task.Delay(Idle, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case power deferred ({ErrorType})")]
    private static partial void PowerDeferred(ILogger logger, string errorType);
}
