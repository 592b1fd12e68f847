using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Matching.Registry.Tests;

/// <summary>The search pump: a bulk registration's searches wait in PostgreSQL and run a few at a time.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchPumpTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(64);
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "pump", options => options.SearchesInFlight = 2);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task No_more_searches_than_the_limit_are_ever_started_and_unfinished_and_all_of_them_finish()
    {
        var lines = Enumerable.Range(0, 40).Select(i => i % 4 == 0
            ? Families.Reference($"PUMP-R{i}", $"PUMP-C{i}", "mother", 'F', _people.Person())
            : Families.Unknown($"PUMP-P{i}", i % 2 == 0 ? 'F' : 'M', _people.Person()));
        await using var database = new Database.RegistryDatabase(_silo.Options.ConnectionString!);
        var most = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                await using var command = database.DataSource.CreateCommand(
                    "SELECT count(*) FROM registry.searches WHERE started_at IS NOT NULL AND completed_at IS NULL");
                most = Math.Max(most, (long)(await command.ExecuteScalarAsync())!);
                await Task.Delay(5, CancellationToken.None);
            }
        });

        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        var import = await (await _silo.Http.PostAsync("/api/imports", content)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(40, import.GetProperty("created").GetInt32());
        await _silo.SettleAsync();
        await sampling.CancelAsync();
        await sampler;

        Assert.InRange(most, 1, 2);
        var stats = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(0, stats.GetProperty("pendingSearches").GetInt64());
    }
}
