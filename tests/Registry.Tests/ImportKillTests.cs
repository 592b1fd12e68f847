using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Client.Commands;
using Matching.Kinship;
using Matching.Registry.Synthetic;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>An import killed part-way (a real process kill) and run again ends as one clean import does.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportKillTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_killed_import_run_again_ends_in_the_state_of_one_clean_run()
    {
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 77).Generate(60, 500);
        var file = Path.Combine(Path.GetTempPath(), $"kill-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, population.Lines);
        try
        {
            var clean = await Run(async host =>
                Assert.Equal(0, await MatchingCommand.RunAsync(["import", file, "--server", host.Url, "--key", host.AdminKey!], TextWriter.Null, TextWriter.Null)));

            var interrupted = await Run(async host =>
            {
                using var http = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
                var client = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "matching.dll"),
                    "import", file, "--server", host.Url, "--key", host.AdminKey!])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                })!;
                long registered;
                do
                {
                    await Task.Delay(20);
                    var stats = await http.GetFromJsonAsync<JsonElement>("/api/stats");
                    registered = stats.GetProperty("profiles").EnumerateObject().Sum(p => p.Value.GetInt64());
                }
                while (registered < 100 && !client.HasExited);

                client.Kill(entireProcessTree: true);
                await client.WaitForExitAsync();
                Assert.True(registered < population.Lines.Count, "the import finished before it could be killed");

                var output = new StringWriter();
                Assert.Equal(0, await MatchingCommand.RunAsync(["import", file, "--server", host.Url, "--key", host.AdminKey!], output, TextWriter.Null));
                Assert.Matches(@"created \d+, corrected 0, unchanged [1-9]\d*, rejected 0", output.ToString());
            });

            Assert.Equal(clean.Stats, interrupted.Stats);
            // The same pairs and ranks; an LR may differ in its last bits, as the person's or the case's search found it.
            var (expected, actual) = (Matches(clean.Matches), Matches(interrupted.Matches));
            Assert.Equal(expected.Select(m => (m.Profile, m.Case, m.Rank)), actual.Select(m => (m.Profile, m.Case, m.Rank)));
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Lr, p.Second.Lr, p.First.Lr * 1e-12));
            Assert.True(expected.Count >= 40, $"only {expected.Count} matches in the clean run");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<(string Profile, string Case, int Rank, double Lr)> Matches(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("matches").EnumerateArray()
            .Select(m => (m.GetProperty("profileId").GetString()!, m.GetProperty("caseId").GetString()!, m.GetProperty("rank").GetInt32(), m.GetProperty("lr").GetDouble()))
            .OrderBy(m => m.Item1, StringComparer.Ordinal).ThenBy(m => m.Item2, StringComparer.Ordinal)];

    /// <summary>A fresh registry on its own database; what it holds once every search is done.</summary>
    private async Task<(string Stats, string Matches)> Run(Func<RegistryHost, Task> import)
    {
        var options = SiloUnderTest.OwnCluster(await postgres.CreateDatabaseAsync("kill"), "kill");
        options.ImportBatch = 25; // a small file still takes many commits, so the kill lands between two
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        await import(host);
        using var http = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
        string stats;
        var waited = 0;
        while (JsonDocument.Parse(stats = await http.GetStringAsync("/api/stats")).RootElement.GetProperty("pendingSearches").GetInt64() > 0)
        {
            Assert.True(waited++ < 600, "searches still pending after 2 minutes");
            await Task.Delay(200);
        }

        return (stats, await http.GetStringAsync("/api/matches?limit=1000"));
    }
}
