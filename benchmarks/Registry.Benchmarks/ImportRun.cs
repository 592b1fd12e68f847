using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Database;
using Matching.Registry.Synthetic;
using Matching.Silo;

namespace Matching.Registry.Benchmarks;

/// <summary>
/// An import end to end on one silo, as a lab's pipeline sends it: a file of registration lines streamed to
/// POST /api/imports on an embedded PostgreSQL, then the searches it owes run until none is pending. Samples the
/// GC heap every half second while the file streams, to show whether memory stays flat.
/// </summary>
internal static class ImportRun
{
    public static async Task RunAsync(int profiles)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "import.jsonl");
        WriteFile(file, profiles);
        GC.Collect();
        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), _ => { });
        var options = new SiloOptions
        {
            ConnectionString = postgres.ConnectionString("import"),
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = $"import-{Guid.NewGuid():N}",
            Urls = "http://127.0.0.1:0",
        };
        await RegistryDatabase.EnsureCreatedAsync(options.ConnectionString);
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = Timeout.InfiniteTimeSpan };

        var heap = new List<(double Seconds, long Bytes)>();
        using var sampling = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                heap.Add((clock.Elapsed.TotalSeconds, GC.GetGCMemoryInfo().HeapSizeBytes));
                await Task.Delay(500, CancellationToken.None);
            }
        });

        await using (var stream = File.OpenRead(file))
        {
            using var content = new StreamContent(stream, 1 << 16);
            content.Headers.ContentType = new("application/x-ndjson");
            content.Headers.Add("X-Matching-Source", "import.jsonl");
            using var response = await http.PostAsync("/api/imports", content);
            var import = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Console.Error.WriteLine($"import: {import.GetProperty("created").GetInt32():N0} created, {import.GetProperty("rejected").GetInt32():N0} rejected");
        }

        var imported = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        long pending;
        do
        {
            await Task.Delay(1000);
            pending = (await http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64();
            Console.Error.Write($"\rsearches pending: {pending:N0}      ");
        }
        while (pending > 0);

        var searched = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine();
        var tenth = heap.Where(h => h.Seconds >= imported / 10).Select(h => h.Bytes).DefaultIfEmpty(0).ToList();
        Console.WriteLine($"""
            {profiles:N0} registration lines ({new FileInfo(file).Length / 1e6:N0} MB) through POST /api/imports, one silo, embedded PostgreSQL
            imported (committed, searches started): {imported,8:N1} s  {profiles / imported,10:N0} profiles/s
            every search done:                      {searched,8:N1} s  {profiles / searched,10:N0} profiles/s
            GC heap while the file streamed (after the first tenth): min {tenth.Min() / 1e6:N0} MB, max {tenth.Max() / 1e6:N0} MB
            command: dotnet run -c Release --project benchmarks/Registry.Benchmarks -- import {profiles}
            """);
        await host.DisposeAsync();
        await postgres.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Synthetic families and persons, a block of them at a time, so the file is never whole in memory.</summary>
    private static void WriteFile(string file, int profiles)
    {
        var table = FrequencyTable.DefaultEastAsia();
        using var writer = new StreamWriter(file);
        const int Block = 12_000;
        for (var (written, block) = (0, 0); written < profiles; block++)
        {
            var size = Math.Min(Block, profiles - written);
            var population = new SyntheticPopulation(table, 2026 + block) { IdPrefix = $"B{block}-" }.Generate(size / 12, size - (size / 12 * 3));
            foreach (var line in population.Lines.Take(size))
            {
                writer.WriteLine(line);
            }

            written += Math.Min(size, population.Lines.Count);
        }
    }
}
