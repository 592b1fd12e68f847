using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Database;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Npgsql;

namespace Matching.Registry.Benchmarks;

/// <summary>
/// The offices' pages at a registry's size: synthetic cases with their planted children among unrelated persons, N
/// profiles in all, imported through the API; the persons' own searches are dropped in PostgreSQL (the pages read
/// matches, and a million person searches would take hours: issue 20), the cases' searches run on the silo. Then each
/// page is read one request at a time by a national administrator's key, after a warm-up. A figure, not a test.
///   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- pages [profiles (1000000)] [cases (1000)] [reads (50)]
/// </summary>
public static class PagesRun
{
    public static async Task RunAsync(int profiles, int cases, int reads)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-pages-{Guid.NewGuid():N}");
        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), _ => { });
        var clock = Stopwatch.StartNew();
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 2026).Generate(cases, Math.Max(0, profiles - (cases * 4)));
        var options = await BenchmarkSilo.OptionsAsync(postgres, "pages");
        options.SearchesInFlight = 0; // the import alone; the searches below
        string key;
        await using (var importing = await RegistryHost.StartAsync(options, TextWriter.Null))
        {
            key = importing.AdminKey!;
            using var http = Client(importing.Url, key);
            http.Timeout = TimeSpan.FromMinutes(30);
            var sent = 0;
            foreach (var chunk in population.Lines.Chunk(50_000))
            {
                using var posted = await http.PostAsync("/api/imports", new StringContent(string.Join('\n', chunk), Encoding.UTF8, "application/x-ndjson"));
                posted.EnsureSuccessStatusCode();
                sent += chunk.Length;
                Console.Error.Write($"\r{sent:N0} of {population.Lines.Count:N0} profiles imported, {clock.Elapsed.TotalSeconds:N0} s   ");
            }
        }

        await using (var database = NpgsqlDataSource.Create(options.ConnectionString!))
        {
            // Dropped, not marked done: a person's newer completed search would make the case searches' results stale.
            await using var done = database.CreateCommand("DELETE FROM registry.searches WHERE subject_kind = 'person' AND completed_at IS NULL");
            done.CommandTimeout = 0;
            await done.ExecuteNonQueryAsync();
        }

        options.SearchesInFlight = 64;
        options.ClusterId = $"pages-{Guid.NewGuid():N}";
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        using var reader = Client(host.Url, key);
        reader.Timeout = TimeSpan.FromMinutes(5);
        JsonElement stats;
        while ((stats = await reader.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64() > 0)
        {
            Console.Error.Write($"\r{stats.GetProperty("pendingSearches").GetInt64():N0} case searches pending, {clock.Elapsed.TotalSeconds:N0} s   ");
            await Task.Delay(1000);
        }

        Console.Error.WriteLine();
        var top = (await reader.GetFromJsonAsync<JsonElement>("/api/matches?limit=1")).GetProperty("matches")[0];
        var (caseId, personId) = (top.GetProperty("caseId").GetString()!, top.GetProperty("profileId").GetString()!);
        var total = stats.GetProperty("profiles").EnumerateObject().Sum(p => p.Value.GetInt64());
        Console.WriteLine($"""
            the offices' pages on one silo ({Environment.ProcessorCount} cores): {total:N0} profiles, {stats.GetProperty("cases").GetInt64():N0} cases, {stats.GetProperty("matches").GetInt64():N0} matches
            each page read {reads} times one at a time after {reads / 5} to warm up, by a national administrator (every province)
            """);
        string[] pages = ["/", $"/cases/{caseId}", $"/cases/{caseId}/candidates/{personId}", $"/people/{personId}", $"/find?id={caseId}",
            "/imports", "/operations", "/audit"];
        foreach (var page in pages)
        {
            var latencies = new List<double>(reads);
            for (var i = -reads / 5; i < reads; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await reader.GetAsync(page);
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{page}: {(int)response.StatusCode}");
                }

                if (i >= 0)
                {
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            latencies.Sort();
            Console.WriteLine($"  {Shown(page, caseId, personId),-38} p50 {Quantile(latencies, 0.5),8:N1} ms   p90 {Quantile(latencies, 0.9),8:N1} ms   max {latencies[^1],8:N1} ms");
        }

        Console.WriteLine($"command: dotnet run -c Release --project benchmarks/Registry.Benchmarks -- pages {profiles} {cases} {reads}");
        await host.DisposeAsync();
        await postgres.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static string Shown(string page, string caseId, string personId) =>
        page.Replace(caseId, "{case}", StringComparison.Ordinal).Replace(personId, "{person}", StringComparison.Ordinal);

    private static HttpClient Client(string url, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static double Quantile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
}
