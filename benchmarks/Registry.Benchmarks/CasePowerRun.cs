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
/// How fast the background works out every case's power: synthetic cases (the import benchmark's mix of roles)
/// registered on one silo, timed until each has its power for its revision. A figure, not a test.
///   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- power [cases (1000)]
/// </summary>
public static class CasePowerRun
{
    public static async Task RunAsync(int cases)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-power-{Guid.NewGuid():N}");
        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), _ => { });
        var options = await BenchmarkSilo.OptionsAsync(postgres, "power");
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.AdminKey);
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 2026).Generate(cases, 0);
        var clock = Stopwatch.StartNew();
        foreach (var chunk in population.Lines.Chunk(1000))
        {
            using var posted = await http.PostAsync("/api/profiles", new StringContent(string.Join('\n', chunk), Encoding.UTF8, "application/x-ndjson"));
            posted.EnsureSuccessStatusCode();
        }

        await using var database = NpgsqlDataSource.Create(options.ConnectionString!);
        long done;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        // The refresher waits while searches are owed: its own time starts when the last search is stored.
        (TimeSpan At, TimeSpan Cpu)? searched = null;
        var shown = TimeSpan.Zero;
        do
        {
            await Task.Delay(100);
            await using var command = database.CreateCommand("""
                SELECT (SELECT count(*) FROM registry.case_power),
                       EXISTS (SELECT 1 FROM registry.searches WHERE completed_at IS NULL AND parked_at IS NULL)
                """);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            done = reader.GetInt64(0);
            if (searched is null && !reader.GetBoolean(1))
            {
                searched = (clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime);
            }

            if (clock.Elapsed - shown >= TimeSpan.FromSeconds(1))
            {
                shown = clock.Elapsed;
                Console.Error.Write($"\r{done:N0} of {cases:N0} cases' power worked out, {clock.Elapsed.TotalSeconds:N0} s   ");
            }
        }
        while (done < cases);

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var refresh = (clock.Elapsed - searched!.Value.At).TotalSeconds;
        var refreshCpu = (Process.GetCurrentProcess().TotalProcessorTime - searched.Value.Cpu).TotalSeconds;
        Console.Error.WriteLine();
        Console.WriteLine($"""
            {cases:N0} synthetic cases registered on one silo ({Environment.ProcessorCount} cores), every case's power worked out in the background
            from the first registration to the last case's power: {seconds:N1} s, {1000 * seconds / cases:N1} ms a case, silo CPU {1000 * cpu / cases:N1} ms a case
            the refresh alone (from the last search stored): {refresh:N1} s, {cases / refresh:N0} cases/s, silo CPU {1000 * refreshCpu / cases:N1} ms a case
            a 100,000-case registry's refresh at this rate: {100_000 / (cases / refresh) / 60:N1} minutes
            command: dotnet run -c Release --project benchmarks/Registry.Benchmarks -- power {cases}
            """);
    }
}
