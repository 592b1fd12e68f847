using Matching.Grains;

namespace Matching.Registry.Tests;

/// <summary>A silo killed while searches are in flight: the sweep finishes every one of them, and nothing is lost.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloFailureTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(99);
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterFixture.StartAsync(postgres, "failure");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Killing_a_silo_mid_search_delays_searches_but_loses_none()
    {
        var families = Enumerable.Range(0, 12).Select(i => (Id: i, Father: _people.Person(), Mother: _people.Person())).ToList();
        await _cluster.RegisterAsync([.. families.Select(f => Families.Reference($"F-{f.Id}", $"CASE-{f.Id}", "father", 'M', f.Father))]);
        await _cluster.SettleAsync();

        var children = families.Select(f => (f.Id, Child: _people.Child(f.Father, f.Mother))).ToList();
        var lines = children.Select(c => Families.Unknown($"U-{c.Id}", 'F', c.Child))
            .Concat(Enumerable.Range(0, 60).Select(i => Families.Unknown($"X-{i}", 'M', _people.Person())))
            .ToArray();
        var registering = _cluster.RegisterAsync(lines);
        await Task.Delay(50);
        await _cluster.Cluster.KillSiloAsync(_cluster.Cluster.SecondarySilos[0]);
        try
        {
            await registering;
        }
        catch (Exception)
        {
            // The registrar may see the dead silo; what was committed is what matters.
        }

        await _cluster.SettleAsync(sweep: true, seconds: 120);

        foreach (var (id, child) in children)
        {
            var family = families[id];
            var match = Assert.Single(await _cluster.Matches.ListAsync($"U-{id}", null, 0));
            Assert.Equal($"CASE-{id}", match.CaseId);
            Assert.Equal(Families.Duo(family.Father, child), match.Lr, match.Lr * 1e-9);
        }

        var stats = await _cluster.Matches.StatsAsync();
        Assert.Equal((12L, 72L, 0L), (stats.FamilyReferences, stats.UnknownParentage, stats.PendingSearches));
    }
}
