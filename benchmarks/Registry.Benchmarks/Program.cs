using System.Diagnostics;
using System.Text;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Matching.Registry.Synthetic;

// Registration throughput into PostgreSQL alone (no search): parse registration lines and commit them in batches,
// on a private durable PostgreSQL cluster in a temporary folder. A figure, not a test.
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- [profiles (100000)] [batch (1000)]
// An import end to end through one silo's API, then the searches it owes (ImportRun):
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- import [profiles (100000)] [searches in flight (64)] [seconds to watch the searches] [search batch (256; 1: one by one)]
// The same file through `matching import` (the client streams it to the same endpoint):
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- import-cli [profiles (100000)] [searches in flight (64)]
// Every case's power worked out in the background (CasePowerRun):
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- power [cases (1000)]
// The audit's cost per request (AuditRun):
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- audit [requests (2000)]
// The offices' pages at a registry's size (PagesRun):
//   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- pages [profiles (1000000)] [cases (1000)] [reads (50)]
if (args is ["pages", ..])
{
    await Matching.Registry.Benchmarks.PagesRun.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, args.Length > 2 ? int.Parse(args[2]) : 1000,
        args.Length > 3 ? int.Parse(args[3]) : 50);
    return;
}

if (args is ["power", ..])
{
    await Matching.Registry.Benchmarks.CasePowerRun.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1000);
    return;
}

if (args is ["audit", ..])
{
    await Matching.Registry.Benchmarks.AuditRun.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 2000);
    return;
}

if (args is ["import" or "import-cli", ..])
{
    await Matching.Registry.Benchmarks.ImportRun.RunAsync(
        args.Length > 1 ? int.Parse(args[1]) : 100_000,
        args.Length > 2 ? int.Parse(args[2]) : 64,
        args.Length > 3 ? int.Parse(args[3]) : null,
        throughClient: args[0] == "import-cli",
        searchBatch: args.Length > 4 ? int.Parse(args[4]) : null);
    return;
}

var profiles = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var batchSize = args.Length > 1 ? int.Parse(args[1]) : 1000;
var folder = Path.Combine(Path.GetTempPath(), $"matching-bench-{Guid.NewGuid():N}");
await using (var postgres = await EmbeddedPostgres.StartAsync(folder, Console.WriteLine))
{
    var connectionString = postgres.ConnectionString("bench");
    await RegistryDatabase.EnsureCreatedAsync(connectionString);
    await using var database = new RegistryDatabase(connectionString);
    await database.MigrateAsync();
    var store = new ProfileStore(database);

    var table = FrequencyTable.DefaultEastAsia();
    var population = new SyntheticPopulation(table, 2026).Generate(profiles / 12, profiles - (profiles / 12 * 3));
    var lines = population.Lines;
    var reader = new RegistrationReader(table);

    // Read as an upload is, from its UTF-8 bytes; twice: the second pass is the figure, once the JIT has optimised the readers.
    var upload = Encoding.UTF8.GetBytes(string.Join('\n', lines));
    var batches = new List<IReadOnlyList<ProfileRecord>>();
    var parse = Stopwatch.StartNew();
    for (var pass = 0; pass < 2; pass++)
    {
        batches.Clear();
        parse.Restart();
        await foreach (var batch in reader.ReadBatchesAsync(new MemoryStream(upload), "bench", batchSize))
        {
            batches.Add(batch.Records);
        }

        parse.Stop();
    }

    var commit = Stopwatch.StartNew();
    foreach (var batch in batches)
    {
        await store.SaveAsync(batch);
    }

    commit.Stop();
    var again = Stopwatch.StartNew();
    foreach (var batch in batches.Take(10))
    {
        await store.SaveAsync(batch);
    }

    again.Stop();
    var count = batches.Sum(b => b.Count);
    Console.WriteLine($"""
        {count:N0} profiles, batches of {batchSize}
        parse (registration lines → records):   {count / parse.Elapsed.TotalSeconds,10:N0} profiles/s
        commit (COPY + searches owed, durable): {count / commit.Elapsed.TotalSeconds,10:N0} profiles/s
        re-import of unchanged profiles:        {batches.Take(10).Sum(b => b.Count) / again.Elapsed.TotalSeconds,10:N0} profiles/s
        command: dotnet run -c Release --project benchmarks/Registry.Benchmarks -- {profiles} {batchSize}
        """);
}

Directory.Delete(folder, recursive: true);
