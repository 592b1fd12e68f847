using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry;
using Matching.Registry.Database;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matching.Registry.Benchmarks;

/// <summary>
/// An import end to end on one silo, as a lab's pipeline sends it: a file of registration lines streamed to
/// POST /api/imports on an embedded PostgreSQL (committed, and in the buckets), then the searches it owes, watched
/// until none is pending or for a given time. Samples the GC heap every half second while the file streams, to show
/// whether memory stays flat; with no search started, sends the same file again, every line unchanged, so that the
/// heap shows what streaming costs without the buckets growing.
/// </summary>
internal static class ImportRun
{
    public static async Task RunAsync(int profiles, int searchesInFlight, int? watchSeconds, bool throughClient = false, int? searchBatch = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-import-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "import.jsonl");
        WriteFile(file, profiles);
        GC.Collect();
        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), _ => { });
        var options = await BenchmarkSilo.OptionsAsync(postgres, "import");
        options.SearchesInFlight = searchesInFlight;
        options.SearchBatch = searchBatch ?? options.SearchBatch;
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.AdminKey);

        // The pairs the buckets score, from the silo's own meter: the searches' work, beside their time.
        // And the seconds the batches spent in each phase, summed over batches running side by side.
        long pairs = 0;
        var phases = new System.Collections.Concurrent.ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Matching.Grains.RegistryMetrics.MeterName && instrument.Name is "matching.pairs.scored" or "matching.search.batch.phase.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref pairs, value));
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "phase", Value: string phase })
                {
                    phases.AddOrUpdate(phase, seconds, (_, sum) => sum + seconds);
                }
            }
        });
        listener.Start();

        // The scan kernel alone, in this process before the import (the silo idle): the figure the searches' pairs per
        // second per core stand beside.
        var kernel = KernelAlone(host.Services);

        var heap = new List<(double Seconds, long Bytes)>();
        var (allocatedBefore, pausedBefore, gen2Before) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        var (siloCpuBefore, postgresCpuBefore) = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu());
        var clock = Stopwatch.StartNew();
        var imported = throughClient ? await ThroughClient(host.Url, host.AdminKey!, file) : await Post(http, file, "created", clock, heap);
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var siloCpu = (Process.GetCurrentProcess().TotalProcessorTime - siloCpuBefore).TotalSeconds;
        var postgresCpu = (PostgresCpu() - postgresCpuBefore).TotalSeconds;
        Console.WriteLine($"""
            {profiles:N0} registration lines ({new FileInfo(file).Length / 1e6:N0} MB) through {(throughClient ? "`matching import` (the client, in this process) to " : "")}POST /api/imports, one silo, embedded PostgreSQL, {searchesInFlight} searches in flight, batches of {options.SearchBatch}
            imported (committed and in the buckets): {imported,8:N1} s  {profiles / imported,10:N0} profiles/s
            GC heap while the file streamed (after the first tenth): {HeapRange(heap, imported)}
            CPU while importing: silo {siloCpu:N1} s ({1e6 * siloCpu / profiles:N0} µs a profile), PostgreSQL {postgresCpu:N1} s ({1e6 * postgresCpu / profiles:N0} µs a profile), of {Environment.ProcessorCount * imported:N1} s on {Environment.ProcessorCount} cores
            allocated {allocated / (double)profiles / 1e3:N1} kB per profile; GC paused {paused:N1} s ({100 * paused / imported:N0} % of the import), {gen2} full collections
            """);

        if (searchesInFlight == 0)
        {
            // The same file again: every line unchanged, so the buckets do not grow and the heap is what streaming costs.
            var again = new List<(double Seconds, long Bytes)>();
            var reimported = await Post(http, file, "unchanged", Stopwatch.StartNew(), again);
            Console.WriteLine($"""
                the same file again (every line unchanged): {reimported,8:N1} s  {profiles / reimported,10:N0} profiles/s
                GC heap while it streamed (after the first tenth): {HeapRange(again, reimported)}
                """);
        }

        if (searchesInFlight > 0)
        {
            var pendingAtImport = await Pending(http);
            var watch = Stopwatch.StartNew();
            var (cpuAtImport, postgresAtImport, pairsAtImport) = (Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(), Interlocked.Read(ref pairs));
            var (allocatedAtImport, pausedAtImport, gen2AtImport, gen1AtImport) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.CollectionCount(1));
            var searchHeap = new List<(double Seconds, long Bytes)>();
            long pending;
            // Counting a backlog of a million searches (and the registry's profiles) costs PostgreSQL about half a
            // second: asked every second, it took a third of the machine from the searches it watched. So it is
            // asked at most a twentieth of the time.
            var (polls, polling, wait) = (0, 0.0, TimeSpan.FromSeconds(1));
            do
            {
                await Task.Delay(wait);
                var asked = Stopwatch.GetTimestamp();
                pending = await Pending(http);
                var took = Stopwatch.GetElapsedTime(asked);
                (polls, polling, wait) = (polls + 1, polling + took.TotalSeconds, TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, 20 * took.Ticks)));
                searchHeap.Add((watch.Elapsed.TotalSeconds, GC.GetGCMemoryInfo().HeapSizeBytes));
                Console.Error.Write($"\rsearches pending: {pending:N0}      ");
            }
            while (pending > 0 && (watchSeconds is null || watch.Elapsed.TotalSeconds < watchSeconds));

            Console.Error.WriteLine();
            var done = profiles - pending;
            var searching = watch.Elapsed.TotalSeconds;
            var scored = Interlocked.Read(ref pairs);
            Console.WriteLine(pending == 0
                ? $"every search done:                      {clock.Elapsed.TotalSeconds,8:N1} s  {profiles / clock.Elapsed.TotalSeconds,10:N0} profiles/s"
                : $"searches done {clock.Elapsed.TotalSeconds:N1} s from the start: {done:N0} of {profiles:N0} ({pendingAtImport - pending:N0} in the {searching:N0} s after the import: {(pendingAtImport - pending) / searching:N0}/s)");
            Console.WriteLine($"""
                searches after the import: {pendingAtImport - pending:N0} in {searching:N1} s, {(pendingAtImport - pending) / searching:N0}/s; CPU silo {(Process.GetCurrentProcess().TotalProcessorTime - cpuAtImport).TotalSeconds:N1} s, PostgreSQL {(PostgresCpu() - postgresAtImport).TotalSeconds:N1} s
                pairs scored: {scored:N0} in all ({scored - pairsAtImport:N0} after the import), {(scored - pairsAtImport) / searching / Environment.ProcessorCount / 1e6:N1} M pairs/s/core after the import, wall time over {Environment.ProcessorCount} cores
                the scan kernel alone, same run, one core: {kernel:N1} M pairs/s (a person against {KernelMembers:N0} one-parent cases, before the import)
                GC heap while searching: {HeapRange(searchHeap, searching)}
                allocated while searching: {(GC.GetTotalAllocatedBytes() - allocatedAtImport) / Math.Max(1.0, pendingAtImport - pending) / 1e3:N1} kB a search; GC paused {(GC.GetTotalPauseDuration() - pausedAtImport).TotalSeconds:N1} s ({100 * (GC.GetTotalPauseDuration() - pausedAtImport).TotalSeconds / searching:N1} % of the time), {GC.CollectionCount(2) - gen2AtImport} full and {GC.CollectionCount(1) - gen1AtImport} gen-1 collections
                the backlog counted {polls} times (GET /api/stats), {1000 * polling / Math.Max(1, polls):N0} ms each
                batch seconds by phase (summed over batches side by side): {string.Join(", ", phases.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N1}"))}
                """);
        }

        Console.WriteLine($"command: dotnet run -c Release --project benchmarks/Registry.Benchmarks -- {(throughClient ? "import-cli" : "import")} {profiles} {searchesInFlight}{(watchSeconds is { } w ? $" {w}" : "")}{(searchBatch is { } b ? $" {b}" : "")}");
        await host.DisposeAsync();
        await postgres.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private const int KernelMembers = 200_000;

    /// <summary>
    /// Millions of pairs a second one core scans with the silo's own engine, layout and threshold: one random person's
    /// query against random one-parent cases, repeated for three seconds.
    /// </summary>
    private static double KernelAlone(IServiceProvider services)
    {
        var engine = services.GetRequiredService<KinshipEngine>();
        var layout = services.GetRequiredService<ScanLayout>();
        var threshold = services.GetRequiredService<IOptions<Matching.Grains.RegistryOptions>>().Value.ReportingThreshold;
        var random = new Random(20);
        Profile Someone(Sex sex) => new(sex, layout.Loci.ToDictionary(l => l.Locus, l => Genotype.Of(l.Draw(random), l.Draw(random)), StringComparer.Ordinal));
        var block = new PackedBlock(layout.Loci.Count, KernelMembers);
        var codes = new ushort[layout.Loci.Count];
        for (var i = 0; i < KernelMembers; i++)
        {
            layout.TryEncode(Someone(Sex.Female), codes);
            block.Add(codes);
        }

        var query = ScanQuery.ForPersonAgainstParents(engine, layout, Someone(Sex.Male), Sex.Female)!;
        var hits = new List<ScanHit>();
        ScanKernel.Scan(query, block, threshold, hits);
        var clock = Stopwatch.StartNew();
        long pairs = 0;
        while (clock.Elapsed.TotalSeconds < 3)
        {
            hits.Clear();
            ScanKernel.Scan(query, block, threshold, hits);
            pairs += KernelMembers;
        }

        return pairs / clock.Elapsed.TotalSeconds / 1e6;
    }

    /// <summary>`matching import FILE` against the silo, as an operator runs it; the seconds it took.</summary>
    private static async Task<double> ThroughClient(string server, string key, string file)
    {
        var clock = Stopwatch.StartNew();
        var exit = await Matching.Client.Commands.MatchingCommand.RunAsync(["import", file, "--server", server, "--key", key], Console.Error, TextWriter.Null);
        if (exit != 0)
        {
            throw new InvalidOperationException($"matching import exited {exit}");
        }

        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Streams the file to POST /api/imports, sampling the GC heap every half second; the seconds it took.</summary>
    private static async Task<double> Post(HttpClient http, string file, string counted, Stopwatch clock, List<(double Seconds, long Bytes)> heap)
    {
        using var sampling = new CancellationTokenSource();
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
            Console.Error.WriteLine($"import: {import.GetProperty(counted).GetInt32():N0} {counted}, {import.GetProperty("rejected").GetInt32():N0} rejected");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return seconds;
    }

    private static string HeapRange(List<(double Seconds, long Bytes)> heap, double seconds)
    {
        var tenth = heap.Where(h => h.Seconds >= seconds / 10).Select(h => h.Bytes).ToList();
        if (tenth.Count == 0)
        {
            return "not sampled (the client's import)";
        }

        return $"min {tenth.Min() / 1e6:N0} MB, max {tenth.Max() / 1e6:N0} MB";
    }

    /// <summary>CPU time of every PostgreSQL process (its server runs as another user, one process a connection), from /proc.</summary>
    private static TimeSpan PostgresCpu()
    {
        var ticks = 0L;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(folder), out _) || File.ReadAllText(Path.Combine(folder, "comm")).Trim() != "postgres")
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime, stime (fields 14 and 15 of stat), and cutime, cstime (16, 17): the backends that have ended,
                // whose time the postmaster collects, else a run where connections close would count less than none.
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process has ended.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
    }

    private static async Task<long> Pending(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64();

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
