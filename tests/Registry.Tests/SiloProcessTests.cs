using System.Net.Http.Json;
using Xunit.Abstractions;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Synthetic;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>
/// Silos as separate processes on one PostgreSQL: three take an import, one is SIGKILLed while searches are under
/// way, a fourth joins. Every search completes, no match is lost or doubled (against the same file on one silo),
/// and every bucket ends on a live silo, as <c>GET /api/cluster</c> shows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloProcessTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task A_silo_killed_mid_search_and_a_fourth_joining_lose_and_double_no_match()
    {
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 2112).Generate(80, 600);
        var expected = await OneSiloAsync(population.Lines);

        var root = Directory.CreateTempSubdirectory("silos-").FullName;
        var connectionString = await postgres.CreateDatabaseAsync("silos");
        var clusterId = $"procs-{Guid.NewGuid():N}";
        var silos = new List<SiloProcess>();
        try
        {
            // The first start issues the administrator key into its data folder; the others join the registry it made.
            silos.Add(await SiloProcess.StartAsync(connectionString, clusterId, Path.Combine(root, "silo-1")));
            var key = (await File.ReadAllTextAsync(Path.Combine(root, "silo-1", "admin.key"))).Trim();
            silos.AddRange(await Task.WhenAll(
                SiloProcess.StartAsync(connectionString, clusterId, Path.Combine(root, "silo-2")),
                SiloProcess.StartAsync(connectionString, clusterId, Path.Combine(root, "silo-3"))));
            using var first = SiloUnderTest.ClientFor(silos[0].Url, key);
            Assert.Equal(3, (await Cluster(first)).Silos.Count(s => s.Status == "Active"));

            // The file in batches, each to another silo, so that all three register and search.
            var batches = population.Lines.Chunk(100).ToList();
            for (var i = 0; i < batches.Count; i++)
            {
                using var http = SiloUnderTest.ClientFor(silos[i % 3].Url, key);
                var response = await http.PostAsync("/api/profiles", new StringContent(string.Join('\n', batches[i]), Encoding.UTF8, "application/x-ndjson"));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }

            var pending = await Pending(first);
            Assert.True(pending > 0, "every search finished before the kill; the test would prove nothing");
            var victim = silos[1];
            await victim.KillAsync();
            output.WriteLine($"killed the second silo with {pending} searches pending");

            silos.Add(await SiloProcess.StartAsync(connectionString, clusterId, Path.Combine(root, "silo-4")));
            var waited = 0;
            while (await Pending(first) > 0)
            {
                Assert.True(waited++ < 600, $"searches still pending after 5 minutes:\n{silos[0].Log}");
                await Task.Delay(500);
            }

            var actual = Matches(await first.GetStringAsync("/api/matches?limit=1000"));
            Assert.Equal(actual.Count, actual.Select(m => (m.Profile, m.Case)).Distinct().Count());
            Assert.Equal(expected.Select(m => (m.Profile, m.Case, m.Rank)), actual.Select(m => (m.Profile, m.Case, m.Rank)));
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Lr, p.Second.Lr, p.First.Lr * 1e-9));
            Assert.True(expected.Count >= 50, $"only {expected.Count} matches");

            // Every bucket on a live silo, each live silo (the new one too) holding its share; the killed one, declared
            // dead, holds none. Buckets move home every 10 s or so, so the view is read until it settles.
            ClusterReply cluster;
            waited = 0;
            while (!Settled(cluster = await Cluster(first)))
            {
                Assert.True(waited++ < 120, $"the buckets did not spread over the live silos in a minute: {Describe(cluster)}");
                await Task.Delay(500);
            }

            output.WriteLine(Describe(cluster));
            var held = cluster.Silos.SelectMany(s => s.Buckets.Select(b => (Silo: s, Bucket: b))).ToList();
            Assert.Equal(3, cluster.Silos.Count(s => s.Status == "Active"));
            Assert.Contains(cluster.Silos, s => s.Status == "Dead");
            var stats = JsonDocument.Parse(await first.GetStringAsync("/api/stats")).RootElement;
            var persons = stats.GetProperty("profiles").GetProperty("unknown-parentage").GetInt64();
            Assert.Equal(persons, held.Where(h => h.Bucket.Side == "persons").Sum(h => (long)h.Bucket.Members));
            Assert.Equal(stats.GetProperty("cases").GetInt64(), held.Where(h => h.Bucket.Side == "cases").Sum(h => (long)h.Bucket.Members));
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask()));
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The same file on one in-process silo with its own database: the matches it ends with.</summary>
    private async Task<List<(string Profile, string Case, int Rank, double Lr)>> OneSiloAsync(List<string> lines)
    {
        await using var host = await RegistryHost.StartAsync(SiloUnderTest.OwnCluster(await postgres.CreateDatabaseAsync("onesilo"), "one"), TextWriter.Null);
        using var http = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
        var response = await http.PostAsync("/api/profiles", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var waited = 0;
        while (await Pending(http) > 0)
        {
            Assert.True(waited++ < 600, "searches still pending after 2 minutes on one silo");
            await Task.Delay(200);
        }

        return Matches(await http.GetStringAsync("/api/matches?limit=1000"));
    }

    /// <summary>Both sides' buckets all held by active silos, the number each holds differing by at most one.</summary>
    private static bool Settled(ClusterReply cluster)
    {
        var active = cluster.Silos.Where(s => s.Status == "Active").Select(s => s.Buckets.Count).ToList();
        return cluster.Silos.Where(s => s.Status != "Active").All(s => s.Buckets.Count == 0)
            && active.Sum() == 2 * cluster.BucketsPerSide && active.Max() - active.Min() <= 1;
    }

    private static string Describe(ClusterReply cluster) =>
        string.Join("; ", cluster.Silos.Select(s => $"{s.Address} {s.Status}: {s.Buckets.Count} buckets, {s.Members} members"));

    private static async Task<long> Pending(HttpClient http) =>
        JsonDocument.Parse(await http.GetStringAsync("/api/stats")).RootElement.GetProperty("pendingSearches").GetInt64();

    private static async Task<ClusterReply> Cluster(HttpClient http) =>
        (await http.GetFromJsonAsync<ClusterReply>("/api/cluster", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private static List<(string Profile, string Case, int Rank, double Lr)> Matches(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("matches").EnumerateArray()
            .Select(m => (m.GetProperty("profileId").GetString()!, m.GetProperty("caseId").GetString()!, m.GetProperty("rank").GetInt32(), m.GetProperty("lr").GetDouble()))
            .OrderBy(m => m.Item1, StringComparer.Ordinal).ThenBy(m => m.Item2, StringComparer.Ordinal)];

    /// <summary>The cluster as the client reads it: its own types, not the silo's.</summary>
    private sealed record ClusterReply(List<SiloReply> Silos, int BucketsPerSide);

    private sealed record SiloReply(string Address, string Status, int Members, List<BucketReply> Buckets);

    private sealed record BucketReply(string Side, int Bucket, int Members);
}
