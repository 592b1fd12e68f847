using Matching.Grains;
using Matching.Registry.Power;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// Works out each case's power in the background, for the revision of its references and the kinship settings the
/// silo runs: a new case, a changed one and every case after a change of settings. It waits while searches are
/// owed, as those are what offices wait on, and between rounds of cases worked on every core.
/// </summary>
public sealed partial class CasePowerRefresher(CasePowerStore store, CasePowerService power, IOptions<RegistryOptions> options,
    ILogger<CasePowerRefresher> logger) : BackgroundService
{
    /// <summary>The convincing level: China's parentage standard treats a combined PI of 10,000 as support.</summary>
    public const double Level = CasePowerService.RankingLevel;

    /// <summary>
    /// The background's grid in ln LR: ten times the exact default's, so each case costs a fraction (the figure
    /// bracketed to 0.01 per locus, which a triage of weak cases can spare; GET /api/cases/{id}/power is exact).
    /// </summary>
    public const double Step = 0.01;

    /// <summary>Cases taken per round, read together and worked on every core, between checks that no search is owed.</summary>
    private const int Batch = 256;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A pass goes through the cases in order of id; the next pass starts again from the first.
        var after = "";
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = 0;
            try
            {
                if (!await store.SearchesPendingAsync(stoppingToken))
                {
                    var stale = await store.StaleAsync(options.Value.SettingsId, Level, after, Batch, stoppingToken);
                    after = stale.Count == Batch ? stale[^1].CaseId : "";
                    var figures = await power.BackgroundAsync([.. stale.Select(c => c.CaseId)], Level, Step, stoppingToken);
                    await store.SaveAllAsync(figures, stoppingToken);
                    worked = figures.Count;
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
