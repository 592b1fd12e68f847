using Matching.Grains;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Matching.Registry.Tests;

/// <summary>
/// A search whose every bucket has answered but whose results could not be stored: retried until they are, and
/// parked with its last error after the configured attempts, never left pending for ever.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CompletionFaultTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int MaxFailures = 3;
    private readonly Families _people = new(404);
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterFixture.StartAsync<FaultySilo>(postgres, "faults");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Results_that_could_not_be_stored_twice_are_stored_by_the_retry()
    {
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await _cluster.RegisterAsync(Families.Reference("F-70", "CASE-70", "father", 'M', father));
        await _cluster.SettleAsync();
        FailingCompletions.Failures["U-70"] = 2;

        var search = Assert.Single((await _cluster.RegisterAsync(Families.Unknown("U-70", 'M', child))).Searches);
        await _cluster.SettleAsync(seconds: 30);

        var match = Assert.Single(await _cluster.Matches.ListAsync("U-70", null, 0));
        Assert.Equal(Families.Duo(father, child), match.Lr, match.Lr * 1e-9);
        var status = (await new SearchStore(_cluster.Database).StatusAsync(search.Id))!;
        Assert.NotNull(status.CompletedAt);
        Assert.Null(status.ParkedAt);
        Assert.True(status.Attempts >= 3, $"{status.Attempts} attempts: the first, and a retry for each failure");
        Assert.Contains("injected fault", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_that_can_never_be_stored_is_parked_with_its_last_error_and_is_no_longer_pending()
    {
        FailingCompletions.Failures["U-71"] = FailingCompletions.Always;
        var search = Assert.Single((await _cluster.RegisterAsync(Families.Unknown("U-71", 'F', _people.Person()))).Searches);
        var store = new SearchStore(_cluster.Database);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        SearchStatus status;
        while ((status = (await store.StatusAsync(search.Id))!).ParkedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not parked after 60 s ({status.Attempts} attempts)");
            // The sweep restarts it too, as it would a search lost on the way.
            await _cluster.Cluster.Client.GetGrain<ISearchSweepGrain>(0).Sweep();
            await Task.Delay(500);
        }

        Assert.Null(status.CompletedAt);
        Assert.Equal(MaxFailures, status.Failures);
        Assert.Contains("injected fault", status.LastError, StringComparison.Ordinal);
        var stats = await _cluster.Matches.StatsAsync();
        Assert.Equal((0L, 1L), (stats.PendingSearches, stats.ParkedSearches));
        Assert.Empty(await store.StalledAsync(TimeSpan.Zero, 10));
        var completion = await _cluster.Cluster.Client.GetGrain<IMatchCoordinatorGrain>(search.Id).Completion().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(completion.Progress.Completed);
    }

    private sealed class FaultySilo : ClusterFixture.RegistrySiloConfigurator
    {
        public override void Configure(ISiloBuilder silo)
        {
            base.Configure(silo);
            silo.Services.AddSingleton<IMatchStore>(sp => new FailingCompletions(new MatchStore(sp.GetRequiredService<RegistryDatabase>())));
        }

        protected override void Configure(RegistryOptions options) => options.MaxSearchFailures = MaxFailures;
    }
}
