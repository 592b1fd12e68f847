using Matching.Grains;
using Matching.Grains.Storage;

namespace Matching.Silo;

/// <summary>The Orleans providers every registry silo uses on PostgreSQL: grain state, reminders and the submission stream.</summary>
public static class RegistrySilo
{
    public const string Invariant = "Npgsql";

    public static ISiloBuilder AddRegistryProviders(this ISiloBuilder silo, string connectionString)
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
        return silo.AddSubmissionsAndSweep();
    }

    /// <summary>--in-memory: grain state and reminders in this process; nothing survives it.</summary>
    public static ISiloBuilder AddVolatileProviders(this ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(RegistryStorage.Name);
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.UseInMemoryReminderService();
        return silo.AddSubmissionsAndSweep();
    }

    private static ISiloBuilder AddSubmissionsAndSweep(this ISiloBuilder silo)
    {
        // The pulling agents look for submissions every 100 ms by default: a floor under every search's latency.
        silo.AddMemoryStreams(LocusBuckets.StreamProvider, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(1))));
        silo.AddStartupTask(async (services, _) =>
        {
            var sweep = services.GetRequiredService<IGrainFactory>().GetGrain<ISearchSweepGrain>(0);
            await sweep.Ensure();
            await sweep.Sweep();
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
