using Matching.Grains;
using Matching.Registry.Stores;
using Matching.Grains.Storage;

namespace Matching.Silo;

/// <summary>The Orleans providers every registry silo uses on PostgreSQL: grain state, reminders and the submission stream.</summary>
public static class RegistrySilo
{
    public const string Invariant = "Npgsql";

    public static ISiloBuilder AddRegistryProviders(this ISiloBuilder silo, string connectionString, TimeSpan? streamPoll = null)
    {
        silo.AddAdoNetGrainStorage(RegistryStorage.Name, adonet =>
        {
            adonet.Invariant = Invariant;
            adonet.ConnectionString = connectionString;
            adonet.GrainStorageSerializer = new GrainStateJson();
        });
        silo.AddAdoNetGrainStorage("PubSubStore", adonet =>
        {
            adonet.Invariant = Invariant;
            adonet.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(adonet =>
        {
            adonet.Invariant = Invariant;
            adonet.ConnectionString = connectionString;
        });
        return silo.AddSubmissionsAndSweep(streamPoll);
    }

    /// <summary>--in-memory: grain state and reminders in this process; nothing survives it.</summary>
    public static ISiloBuilder AddVolatileProviders(this ISiloBuilder silo, TimeSpan? streamPoll = null)
    {
        silo.AddMemoryGrainStorage(RegistryStorage.Name);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.UseInMemoryReminderService();
        return silo.AddSubmissionsAndSweep(streamPoll);
    }

    /// <summary>
    /// How often the stream's pulling agent looks for submissions. Orleans' default, 100 ms, is a floor under every
    /// search's latency; each look costs CPU even when idle (with the one queue below, 2 ms idles at 0.07 of a core on
    /// the 2-core test machine, where eight queues looked at every 5 ms idled at 0.10).
    /// </summary>
    public static readonly TimeSpan DefaultStreamPoll = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// One queue for the submissions: a search's eight messages, one per bucket, arrive in one look. With eight queues
    /// each looked at on its own timer, a search waited for the last of eight looks, not for one.
    /// </summary>
    private const int SubmissionQueues = 1;

    private static ISiloBuilder AddSubmissionsAndSweep(this ISiloBuilder silo, TimeSpan? streamPoll)
    {
        silo.AddPlacementDirector<Grains.Placement.BucketPlacement, Grains.Placement.BucketPlacementDirector>();
        silo.AddMemoryStreams(LocusBuckets.StreamProvider, streams =>
        {
            streams.ConfigurePartitioning(SubmissionQueues);
            streams.ConfigurePullingAgent(agent =>
                agent.Configure(o => o.GetQueueMsgsTimerPeriod = streamPoll ?? DefaultStreamPoll));
        });
        silo.AddStartupTask(async (services, _) =>
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            var sweep = grains.GetGrain<ISearchSweepGrain>(0);
            await sweep.Ensure();
            await sweep.Sweep();
            foreach (var research in await services.GetRequiredService<IResearchStore>().ActiveAsync())
            {
                await grains.GetGrain<IResearchGrain>(research).Resume();
            }
        });
        return silo;
    }

    public static ISiloBuilder UseRegistryClustering(this ISiloBuilder silo, string connectionString) =>
        silo.UseAdoNetClustering(adonet =>
        {
            adonet.Invariant = Invariant;
            adonet.ConnectionString = connectionString;
        });
}
