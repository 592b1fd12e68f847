using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Matching.Grains;
using Matching.Kinship;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Registry.Tests;

/// <summary>
/// Searches run in batches give the same answers as the same searches run one by one: a synthetic registry of every
/// case shape, with mutations and untyped loci, registered at once on two silos with their own databases, one that
/// batches and one that does not. The same pairs, ranks and LRs (to 1e-9), and the batching silo did batch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchBatchTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_batched_import_stores_the_matches_of_the_same_searches_run_one_by_one()
    {
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 3003).Generate(60, 500);
        var (alone, aloneBatched) = await RegisterAsync(population.Lines, "alone", batch: 1);
        var (batched, batchedCount) = await RegisterAsync(population.Lines, "batched", batch: 128);

        Assert.Equal(0, aloneBatched);
        // Every search of the file but the few started before the pump saw the backlog went in a batch.
        Assert.True(batchedCount >= population.Lines.Count / 2, $"only {batchedCount} of {population.Lines.Count} searches were batched");
        Assert.True(alone.Count >= 48, $"only {alone.Count} matches: the file should find most planted children");
        Assert.Equal(alone.Select(m => (m.Profile, m.Case, m.Rank)), batched.Select(m => (m.Profile, m.Case, m.Rank)));
        Assert.All(alone.Zip(batched), p => Assert.Equal(p.First.Lr, p.Second.Lr, p.First.Lr * 1e-9));
    }

    /// <summary>The file registered on a silo of its own; its matches once every search is done, and how many searches it ran in batches.</summary>
    private async Task<(List<(string Profile, string Case, int Rank, double Lr)> Matches, long Batched)> RegisterAsync(List<string> lines, string name, int batch)
    {
        var options = SiloUnderTest.OwnCluster(await postgres.CreateDatabaseAsync(name), name);
        options.SearchBatch = batch;
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        var metrics = host.Services.GetRequiredService<RegistryMetrics>();
        long batched = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, metrics.SearchesBatched))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref batched, value));
        listener.Start();

        using var http = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
        var response = await http.PostAsync("/api/imports", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        for (var waited = 0; JsonDocument.Parse(await http.GetStringAsync("/api/stats")).RootElement.GetProperty("pendingSearches").GetInt64() > 0; waited++)
        {
            Assert.True(waited < 900, $"{name}: searches still pending after 3 minutes");
            await Task.Delay(200);
        }

        var matches = JsonDocument.Parse(await http.GetStringAsync("/api/matches?limit=5000")).RootElement.GetProperty("matches").EnumerateArray()
            .Select(m => (m.GetProperty("profileId").GetString()!, m.GetProperty("caseId").GetString()!, m.GetProperty("rank").GetInt32(), m.GetProperty("lr").GetDouble()))
            .OrderBy(m => m.Item1, StringComparer.Ordinal).ThenBy(m => m.Item2, StringComparer.Ordinal).ToList();
        return (matches, Interlocked.Read(ref batched));
    }
}
