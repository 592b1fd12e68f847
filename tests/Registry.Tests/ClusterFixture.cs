using Matching.Grains;
using Matching.Kinship;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Matching.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Matching.Registry.Tests;

/// <summary>
/// A registry cluster of three silos on one real PostgreSQL database, joined through the project's own ADO.NET
/// clustering tables, with grain state, reminders and the submission stream as in production. No mutation model,
/// so that the textbook formulas give the exact LRs.
/// </summary>
public sealed class ClusterFixture(PostgresFixture postgres) : IAsyncDisposable
{
    public const int Silos = 3;

    public TestCluster Cluster { get; private set; } = null!;

    public RegistryDatabase Database { get; private set; } = null!;

    public Registrar Registrar { get; private set; } = null!;

    public MatchStore Matches { get; private set; } = null!;

    public ProfileStore Profiles { get; private set; } = null!;

    public static Task<ClusterFixture> StartAsync(PostgresFixture postgres, string purpose) => StartAsync<RegistrySiloConfigurator>(postgres, purpose);

    /// <summary>A cluster whose silos <typeparamref name="TConfigurator"/> configures (a store with a fault injected, say).</summary>
    public static async Task<ClusterFixture> StartAsync<TConfigurator>(PostgresFixture postgres, string purpose)
        where TConfigurator : ISiloConfigurator, new()
    {
        var fixture = new ClusterFixture(postgres);
        await fixture.Start<TConfigurator>(purpose);
        return fixture;
    }

    private async Task Start<TConfigurator>(string purpose)
        where TConfigurator : ISiloConfigurator, new()
    {
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        var builder = new TestClusterBuilder(Silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties["Matching:ConnectionString"] = connectionString;
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        builder.AddClientBuilderConfigurator<RegistryClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Database = new RegistryDatabase(connectionString);
        Profiles = new ProfileStore(Database);
        Matches = new MatchStore(Database);
        var meters = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddMetrics().BuildServiceProvider()
            .GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Registrar = new Registrar(Profiles, Cluster.Client, Options.Create(new RegistryOptions { Buckets = 4 }), new RegistryMetrics(meters), NullLogger<Registrar>.Instance);
    }

    public async Task<Stores.SaveResult> RegisterAsync(params string[] lines)
    {
        var batch = await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "test");
        Assert.Empty(batch.Errors);
        return await Registrar.RegisterAsync(batch.Records);
    }

    /// <summary>Waits until no search is pending (the sweep is asked along the way when <paramref name="sweep"/>).</summary>
    public async Task SettleAsync(bool sweep = false, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while ((await Matches.StatsAsync()).PendingSearches > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"searches still pending after {seconds} s");
            if (sweep)
            {
                try
                {
                    await Cluster.Client.GetGrain<ISearchSweepGrain>(0).Sweep();
                }
                catch (TimeoutException)
                {
                    // A sweep that starts searches on a silo not yet declared dead waits for it past the client's
                    // timeout; the searches stay owed in PostgreSQL, and the next sweep starts them again.
                }
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
        using var connection = new NpgsqlConnection(Database.ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    public class RegistrySiloConfigurator : ISiloConfigurator
    {
        public virtual void Configure(ISiloBuilder silo)
        {
            var connectionString = silo.Configuration["Matching:ConnectionString"]!;
            silo.Services.AddRegistry(connectionString, new KinshipEngine(Families.Table, MutationModel.None), options =>
            {
                options.Buckets = 4;
                options.StalledAfter = TimeSpan.Zero;
                Configure(options);
            });
            silo.UseRegistryClustering(connectionString);
            silo.AddRegistryProviders(connectionString);
        }

        protected virtual void Configure(RegistryOptions options)
        {
        }
    }

    public sealed class RegistryClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) =>
            client.UseAdoNetClustering(adonet =>
            {
                adonet.Invariant = RegistrySilo.Invariant;
                adonet.ConnectionString = configuration["Matching:ConnectionString"];
            });
    }
}
