using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Access;
using Matching.Registry.Database;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Registry.Benchmarks;

/// <summary>
/// What the audit costs a request: the same registry (synthetic cases and persons), read the same way (a case's
/// matches, by a national administrator's key, one request at a time), on a silo that writes its audit row and on
/// one whose audit writes nothing. A figure, not a test.
///   dotnet run -c Release --project benchmarks/Registry.Benchmarks -- audit [requests (2000)]
/// </summary>
public static class AuditRun
{
    public static async Task RunAsync(int requests)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-audit-{Guid.NewGuid():N}");
        await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), _ => { });
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 2026).Generate(200, 2000);
        Console.WriteLine($"{requests:N0} reads of GET /api/cases/{{id}}/matches, one at a time, after {requests / 10:N0} to warm up; 200 cases, 2,000 persons");
        foreach (var audited in new[] { true, false, true, false })
        {
            var latencies = await MeasureAsync(postgres, population.Lines, audited, requests);
            latencies.Sort();
            Console.WriteLine($"  {(audited ? "with the audit   " : "without the audit")}  p50 {Quantile(latencies, 0.5):N2} ms  p90 {Quantile(latencies, 0.9):N2} ms  p99 {Quantile(latencies, 0.99):N2} ms");
        }
    }

    private static double Quantile(List<double> sorted, double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];

    private static async Task<List<double>> MeasureAsync(EmbeddedPostgres postgres, IReadOnlyList<string> lines, bool audited, int requests)
    {
        var options = await BenchmarkSilo.OptionsAsync(postgres, $"audit_{Guid.NewGuid():N}");
        options.ServiceOverrides = audited ? null : services => services.AddSingleton<IAuditLog, NoAudit>();
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", host.AdminKey);
        foreach (var chunk in lines.Chunk(1000))
        {
            using var posted = await http.PostAsync("/api/profiles", new StringContent(string.Join('\n', chunk), Encoding.UTF8, "application/x-ndjson"));
            posted.EnsureSuccessStatusCode();
        }

        while ((await http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64() > 0)
        {
            await Task.Delay(200);
        }

        var cases = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.TryGetProperty("caseId", out var c) && c.ValueKind == JsonValueKind.String)
            .Select(r => r.GetProperty("caseId").GetString()!).Distinct().ToArray();
        var latencies = new List<double>(requests);
        for (var i = -requests / 10; i < requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/api/cases/{Uri.EscapeDataString(cases[(i + cases.Length) % cases.Length])}/matches");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 0)
            {
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return latencies;
    }

    /// <summary>An audit that keeps nothing: the silo without the audit's cost, for this comparison only.</summary>
    private sealed class NoAudit : IAuditLog
    {
        public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<List<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default) => Task.FromResult(new List<AuditRow>());

        public async IAsyncEnumerable<AuditRow> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }
    }
}
