using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Matching.Client.Commands;
using Matching.Grains;
using Matching.Grains.Benchmarking;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry;
using Matching.Registry.Stores;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Cluster.Benchmarks;

/// <summary>
/// The cluster benchmark: a silo in this process (in memory), a synthetic registry loaded straight into its buckets, and
/// timed searches end to end (registration, coordinator, stream, buckets, ranking, storing), in both directions:
/// planted missing children against the cases, and the planted children's families against the persons.
/// Prints one JSON object on standard output; progress goes to standard error.
/// </summary>
public static class ClusterBench
{
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/Cluster.Benchmarks -- [--cases N (100000)] [--persons M (100000)]
                  [--queries Q (200)] [--loci L (20)] [--buckets B (8)] [--threshold LR (1000)] [--anchors LOCI]
                  [--anchor-classes N] [--both-parents SHARE (0.33)] [--research N] [--stream-poll-ms N (5)] [--no-pruning] [--seed S]
            load a synthetic registry straight into an in-process silo's buckets, time searches end to end in both
            directions (and a re-search of N cases with --research N) and print one JSON object
        """;

    private const int Batch = 4096;
    private const int WarmUp = 5;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        var cases = (int)(parsed.Number("--cases") ?? 100_000);
        var persons = (int)(parsed.Number("--persons") ?? 100_000);
        var queries = (int)(parsed.Number("--queries") ?? 200);
        var loci = (int)(parsed.Number("--loci") ?? 20);
        var seed = (int)(parsed.Number("--seed") ?? 2026);
        var pruning = !parsed.Has("--no-pruning");
        var bothParents = parsed.Number("--both-parents") ?? 1.0 / 3;
        var research = (int)(parsed.Number("--research") ?? 0);
        if (cases < 0 || persons < 0 || queries < 1 || loci is < 12 or > 23 || bothParents is < 0 or > 1)
        {
            throw new FormatException($"--cases and --persons must be ≥ 0, --queries ≥ 1, --loci from 12 to {SyntheticPopulation.Loci.Length} and --both-parents from 0 to 1");
        }

        var options = new SiloOptions
        {
            InMemory = true,
            LogToStandardError = true,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = "matching-bench",
            Pruning = pruning,
            Buckets = (int)(parsed.Number("--buckets") ?? 8),
            ReportingThreshold = parsed.Number("--threshold") ?? 1000,
            // Members are packed at the loci the benchmark types, two bytes each.
            ScanLoci = [.. SyntheticPopulation.Loci.Take(loci)],
            AnchorLoci = parsed.Text("--anchors")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            AnchorClasses = (int)(parsed.Number("--anchor-classes") ?? new SiloOptions().AnchorClasses),
            StreamPoll = parsed.Number("--stream-poll-ms") is { } poll ? TimeSpan.FromMilliseconds(poll) : RegistrySilo.DefaultStreamPoll,
        };

        await using var registry = await RegistryHost.StartAsync(options, error);
        var services = registry.Services;
        var bench = new Run(
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<Registrar>(),
            services.GetRequiredService<ISearchStore>(),
            services.GetRequiredService<IProfileStore>(),
            services.GetRequiredService<IMatchStore>(),
            services.GetRequiredService<IResearchStore>(),
            new PackedPopulation(services.GetRequiredService<ScanLayout>(), SyntheticPopulation.Loci.Take(loci), seed),
            options,
            error);

        var before = HeapBytes();
        var loading = Stopwatch.StartNew();
        var children = await bench.LoadCases(cases, cases == 0 ? 0 : (2 * queries) + WarmUp, bothParents);
        var families = await bench.LoadPersons(persons, persons == 0 ? 0 : queries + WarmUp);
        var loadSeconds = loading.Elapsed.TotalSeconds;
        var bytesPerMember = cases + persons == 0 ? 0 : (double)(HeapBytes() - before) / (cases + persons);
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench: loaded {cases:N0} cases and {persons:N0} persons in {loadSeconds:F1} s, {bytesPerMember:F1} bytes per member"));

        var personQueries = children.Count == 0 ? null : await bench.PersonQueries(children, queries);
        var caseQueries = families.Count == 0 ? null : await bench.CaseQueries(families, queries);
        var researchSeconds = research == 0 ? (double?)null : await bench.Research(research, bothParents);
        var report = new Dictionary<string, object?>
        {
            ["cases"] = cases,
            ["bothParentsShare"] = Math.Round(bothParents, 3),
            ["persons"] = persons,
            ["loci"] = loci,
            ["queries"] = queries,
            ["loadSeconds"] = Math.Round(loadSeconds, 2),
            ["bytesPerMember"] = Math.Round(bytesPerMember, 1),
            ["queryLatencyMs"] = personQueries?.Latency,
            ["queriesPerSecond"] = personQueries?.QueriesPerSecond,
            ["pairsPerSecondPerCore"] = personQueries?.PairsPerSecondPerCore,
            ["prunedFraction"] = personQueries?.PrunedFraction,
            ["recallVsExhaustive"] = personQueries?.RecallVsExhaustive,
            ["plantedFound"] = personQueries?.PlantedFound,
            ["caseQueryLatencyMs"] = caseQueries?.Latency,
            ["caseQueriesPerSecond"] = caseQueries?.QueriesPerSecond,
            ["casePairsPerSecondPerCore"] = caseQueries?.PairsPerSecondPerCore,
            ["casePrunedFraction"] = caseQueries?.PrunedFraction,
            ["caseRecallVsExhaustive"] = caseQueries?.RecallVsExhaustive,
            ["casePlantedFound"] = caseQueries?.PlantedFound,
            ["researchCases"] = research == 0 ? null : research,
            ["researchSeconds"] = researchSeconds is { } seconds ? Math.Round(seconds, 1) : null,
            ["researchCasesPerSecond"] = researchSeconds is { } s ? Math.Round(research / s, 1) : null,
            ["pruning"] = pruning,
            ["anchors"] = string.Join(",", services.GetRequiredService<AnchorLoci>().Loci),
            ["anchorClasses"] = options.AnchorClasses,
            ["buckets"] = options.Buckets,
            ["streamPollMs"] = options.StreamPoll.TotalMilliseconds,
            ["threshold"] = options.ReportingThreshold,
            ["cores"] = Environment.ProcessorCount,
            ["seed"] = seed,
            ["command"] = "dotnet run -c Release --project benchmarks/Cluster.Benchmarks -- " + string.Join(' ', args),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(report));
        return 0;
    }

    private static long HeapBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A planted child, the registered member it belongs with (its case, or itself as a person), and its parents' codes.</summary>
    private sealed record Planted(string Registered, ushort[] Child, ushort[]? Father, ushort[]? Mother);

    private sealed record Figures(
        Dictionary<string, double> Latency, double QueriesPerSecond, double PairsPerSecondPerCore, double PrunedFraction,
        double RecallVsExhaustive, string PlantedFound);

    private sealed class Run(
        IGrainFactory grains, Registrar registrar, ISearchStore searches, IProfileStore profiles, IMatchStore matches, IResearchStore researches,
        PackedPopulation population,
        SiloOptions options, TextWriter error)
    {
        private int ScanColumns { get; } = population.Layout.Loci.Count;

        /// <summary>Loads the cases (a share of both parents, the rest father only or mother only); returns planted children.</summary>
        public async Task<List<Planted>> LoadCases(int count, int planted, double bothParents)
        {
            var columns = ScanColumns;
            var buffers = Enumerable.Range(0, options.Buckets).Select(_ => new CaseBuffer(columns)).ToArray();
            var children = new List<Planted>();
            var every = planted == 0 ? int.MaxValue : Math.Max(1, count / planted);
            var (father, mother) = (new ushort[columns], new ushort[columns]);
            for (var i = 0; i < count; i++)
            {
                var id = $"C{i}";
                // 0 father only, 1 mother only, 2 both parents.
                var shape = population.Random.NextDouble() < bothParents ? 2 : i % 2;
                if (shape != 1)
                {
                    population.Founder(father);
                }

                if (shape != 0)
                {
                    population.Founder(mother);
                }

                if (i % every == 0 && children.Count < planted)
                {
                    var child = new ushort[columns];
                    population.Child(shape != 1 ? father : default, shape != 0 ? mother : default, child);
                    children.Add(new Planted(id, child, null, null));
                }

                var bucket = BucketNumber.Of(BucketHash.Of(id), options.Buckets).Value;
                buffers[bucket].Add(id, shape != 1 ? father : null, shape != 0 ? mother : null);
                if (buffers[bucket].Count == Batch)
                {
                    await grains.GetGrain<ICaseBucketLoader>(new BucketNumber(bucket).Key).Load(buffers[bucket].Take());
                }

                Progress("cases", i + 1, count);
            }

            for (var b = 0; b < buffers.Length; b++)
            {
                await grains.GetGrain<ICaseBucketLoader>(new BucketNumber(b).Key).Load(buffers[b].Take());
            }

            return children;
        }

        /// <summary>Loads unrelated persons with planted children among them; returns the planted children's families.</summary>
        public async Task<List<Planted>> LoadPersons(int count, int planted)
        {
            var columns = ScanColumns;
            var buffers = Enumerable.Range(0, options.Buckets).Select(_ => new PersonBuffer(columns)).ToArray();
            var families = new List<Planted>();
            var every = planted == 0 ? int.MaxValue : Math.Max(1, count / planted);
            var codes = new ushort[columns];
            for (var i = 0; i < count; i++)
            {
                var id = $"P{i}";
                if (i % every == 0 && families.Count < planted)
                {
                    var shape = families.Count % 3;
                    var (father, mother) = Parents(shape);

                    population.Child(father, mother, codes);
                    families.Add(new Planted(id, (ushort[])codes.Clone(), father, mother));
                }
                else
                {
                    population.Founder(codes);
                }

                var bucket = BucketNumber.Of(BucketHash.Of(id), options.Buckets).Value;
                buffers[bucket].Add(id, population.Random.Next(2) == 0 ? Sex.Male : Sex.Female, codes);
                if (buffers[bucket].Count == Batch)
                {
                    await grains.GetGrain<IPersonBucketLoader>(new BucketNumber(bucket).Key).Load(buffers[bucket].Take());
                }

                Progress("persons", i + 1, count);
            }

            for (var b = 0; b < buffers.Length; b++)
            {
                await grains.GetGrain<IPersonBucketLoader>(new BucketNumber(b).Key).Load(buffers[b].Take());
            }

            return families;
        }

        /// <summary>Planted children registered one at a time (latency), then a batch at once (throughput).</summary>
        public async Task<Figures> PersonQueries(List<Planted> children, int queries)
        {
            var timed = new List<(double Ms, SearchProgress Progress)>();
            int plantedAbove = 0, plantedFound = 0;
            for (var q = 0; q < WarmUp + queries && q < children.Count; q++)
            {
                var id = $"Q-P{q}";
                var record = Person(id, children[q].Child);
                var clock = Stopwatch.StartNew();
                var (saved, search) = await RegisterAndWait([record]);
                var ms = clock.Elapsed.TotalMilliseconds;
                if (q < WarmUp)
                {
                    continue;
                }

                timed.Add((ms, search.Progress));
                var found = search.Ranked.Any(c => c.CaseId == children[q].Registered);
                var above = found || !options.Pruning ? found : await FoundExhaustively(SearchKind.Person, id, c => c.CaseId == children[q].Registered);
                plantedAbove += above ? 1 : 0;
                plantedFound += found ? 1 : 0;
                await error.WriteAsync($"\rbench: person query {q - WarmUp + 1}/{queries}: {ms:F1} ms   ");
            }

            await error.WriteLineAsync();
            var throughput = await Throughput(children.Skip(WarmUp + queries).Take(queries).Select((c, i) => Person($"T-P{i}", c.Child)).ToList());
            return Summarise(timed, throughput, plantedFound, plantedAbove);
        }

        /// <summary>The planted children's families registered as new cases, one at a time.</summary>
        public async Task<Figures> CaseQueries(List<Planted> families, int queries)
        {
            var timed = new List<(double Ms, SearchProgress Progress)>();
            int plantedAbove = 0, plantedFound = 0;
            for (var q = 0; q < families.Count; q++)
            {
                var caseId = $"Q-C{q}";
                var records = References(caseId, families[q].Father, families[q].Mother);
                var clock = Stopwatch.StartNew();
                var (saved, search) = await RegisterAndWait(records);
                var ms = clock.Elapsed.TotalMilliseconds;
                if (q < WarmUp)
                {
                    continue;
                }

                timed.Add((ms, search.Progress));
                var personId = families[q].Registered;
                var found = search.Ranked.Any(c => c.ProfileId == personId);
                var above = found || !options.Pruning ? found : await FoundExhaustively(SearchKind.Case, caseId, c => c.ProfileId == personId);
                plantedAbove += above ? 1 : 0;
                plantedFound += found ? 1 : 0;
                await error.WriteAsync($"\rbench: case query {q - WarmUp + 1}/{queries}: {ms:F1} ms   ");
            }

            await error.WriteLineAsync();
            return Summarise(timed, null, plantedFound, plantedAbove);
        }

        /// <summary>
        /// Registers <paramref name="count"/> cases (their own searches stored empty) and times a research of all of
        /// them against the persons in the buckets, through the research grain as POST /api/research runs it.
        /// </summary>
        public async Task<double> Research(int count, double bothParents)
        {
            for (var start = 0; start < count; start += 1000)
            {
                var batch = new List<ProfileRecord>();
                for (var i = start; i < Math.Min(count, start + 1000); i++)
                {
                    var shape = population.Random.NextDouble() < bothParents ? 2 : i % 2;
                    var (father, mother) = Parents(shape);

                    batch.AddRange(References($"R-C{i}", father, mother));
                }

                var saved = await profiles.SaveAsync(batch);
                foreach (var search in saved.Searches)
                {
                    await matches.CompleteAsync(search, [], null);
                }

                Progress("research cases", Math.Min(count, start + 1000), count);
            }

            var clock = Stopwatch.StartNew();
            var research = await researches.BeginAsync("bench", "bench", null);
            await grains.GetGrain<IResearchGrain>(research.Id).Resume();
            while (await researches.FindResearchAsync(research.Id) is { CompletedAt: null } running)
            {
                await error.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"\rbench: research {running.Completed:N0}/{running.Cases:N0} cases, {running.Completed / clock.Elapsed.TotalSeconds:F0}/s   "));
                await Task.Delay(1000);
            }

            await error.WriteLineAsync();
            return clock.Elapsed.TotalSeconds;
        }

        /// <summary>Searches the subject again with pruning off: does the exhaustive search find the planted pair?</summary>
        private async Task<bool> FoundExhaustively(SearchKind kind, string subject, Func<Candidate, bool> planted)
        {
            var search = (await searches.RequestAsync(kind, [subject])).Single();
            var completion = grains.GetGrain<IMatchCoordinatorGrain>(search.Id).Completion();
            await grains.GetGrain<IExhaustiveSearch>(search.Id).StartExhaustive();
            return (await completion).Ranked.Any(planted);
        }

        /// <summary>
        /// Registers a search's subject and waits for the search. Its completion is asked for before the search can
        /// start, so that the coordinator that runs it is the one that answers: one that has finished and gone answers
        /// a later call from the store, naming no candidates (the benchmark's cases are not in the store), and a search
        /// faster than the call counted as a miss.
        /// </summary>
        private async Task<(SaveResult Saved, CompletedSearch Search)> RegisterAndWait(IReadOnlyList<ProfileRecord> records)
        {
            var (saved, placed) = await registrar.CommitAsync(records);
            var completion = grains.GetGrain<IMatchCoordinatorGrain>(saved.Searches.Single().Id).Completion();
            await placed;
            return (saved, await completion);
        }

        private async Task<double?> Throughput(List<ProfileRecord> records)
        {
            if (records.Count == 0)
            {
                return null;
            }

            var clock = Stopwatch.StartNew();
            var saved = await registrar.RegisterAsync(records);
            // Searches registered together run as a batch (SearchBatchGrain), not each through its coordinator: the
            // store says when they are all done.
            var ids = saved.Searches.Select(s => s.Id).ToList();
            while ((await searches.UnfinishedAsync(ids)).Count > 0)
            {
                await Task.Delay(5);
            }

            return records.Count / clock.Elapsed.TotalSeconds;
        }

        private static Figures Summarise(List<(double Ms, SearchProgress Progress)> timed, double? throughput, int found, int above)
        {
            var latencies = timed.Select(t => t.Ms).Order().ToArray();
            double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
            var scored = timed.Sum(t => t.Progress.Scored);
            var held = timed.Sum(t => t.Progress.Held);
            var seconds = latencies.Sum() / 1000;
            return new Figures(
                new Dictionary<string, double> { ["p50"] = Math.Round(Percentile(0.5), 2), ["p99"] = Math.Round(Percentile(0.99), 2) },
                Math.Round(throughput ?? (timed.Count / seconds), 1),
                Math.Round(scored / seconds / Environment.ProcessorCount),
                held == 0 ? 0 : Math.Round(1 - ((double)scored / held), 4),
                above == 0 ? 1 : Math.Round((double)found / above, 4),
                $"{found}/{timed.Count}");
        }

        private ProfileRecord Person(string id, ushort[] codes) =>
            new(id, ProfileCategory.UnknownParentage, null, null, "Bench", Sex.Female, population.Layout.Decode(codes, Sex.Female).Loci);

        /// <summary>A case's parents by shape (0 father only, 1 mother only, 2 both), drawn from the population; null for the absent one.</summary>
        private (ushort[]? Father, ushort[]? Mother) Parents(int shape)
        {
            var (father, mother) = (shape != 1 ? new ushort[ScanColumns] : null, shape != 0 ? new ushort[ScanColumns] : null);
            if (father is not null)
            {
                population.Founder(father);
            }

            if (mother is not null)
            {
                population.Founder(mother);
            }

            return (father, mother);
        }

        private List<ProfileRecord> References(string caseId, ushort[]? father, ushort[]? mother)
        {
            var records = new List<ProfileRecord>();
            if (father is not null)
            {
                records.Add(new(caseId + "-F", ProfileCategory.FamilyReference, caseId, Role.Father, "Bench", Sex.Male, population.Layout.Decode(father, Sex.Male).Loci));
            }

            if (mother is not null)
            {
                records.Add(new(caseId + "-M", ProfileCategory.FamilyReference, caseId, Role.Mother, "Bench", Sex.Female, population.Layout.Decode(mother, Sex.Female).Loci));
            }

            return records;
        }

        private void Progress(string what, int done, int total)
        {
            if (done % 100_000 == 0 || done == total)
            {
                error.Write($"\rbench: loading {what} {done:N0}/{total:N0}   ");
                if (done == total)
                {
                    error.WriteLine();
                }
            }
        }

    }

    private sealed class CaseBuffer(int columns)
    {
        private readonly List<string> _ids = [];
        private readonly List<bool> _hasFather = [];
        private readonly List<bool> _hasMother = [];
        private readonly List<ushort> _fathers = [];
        private readonly List<ushort> _mothers = [];

        public int Count => _ids.Count;

        public void Add(string id, ushort[]? father, ushort[]? mother)
        {
            _ids.Add(id);
            _hasFather.Add(father is not null);
            _hasMother.Add(mother is not null);
            _fathers.AddRange(father ?? new ushort[columns]);
            _mothers.AddRange(mother ?? new ushort[columns]);
        }

        public PackedCases Take()
        {
            var batch = new PackedCases([.. _ids], [.. _hasFather], [.. _hasMother], [.. _fathers], [.. _mothers]);
            _ids.Clear();
            _hasFather.Clear();
            _hasMother.Clear();
            _fathers.Clear();
            _mothers.Clear();
            return batch;
        }
    }

    private sealed class PersonBuffer(int columns)
    {
        private readonly List<string> _ids = [];
        private readonly List<Sex> _sexes = [];
        private readonly List<ushort> _codes = [];

        public int Count => _ids.Count;

        public void Add(string id, Sex sex, ushort[] codes)
        {
            _ids.Add(id);
            _sexes.Add(sex);
            _codes.AddRange(codes.AsSpan(0, columns));
        }

        public PackedPersons Take()
        {
            var batch = new PackedPersons([.. _ids], [.. _sexes], [.. _codes]);
            _ids.Clear();
            _sexes.Clear();
            _codes.Clear();
            return batch;
        }
    }
}
