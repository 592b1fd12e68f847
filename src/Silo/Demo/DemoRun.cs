using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Synthetic;
using Matching.Silo.Api;

namespace Matching.Silo.Demo;

/// <summary>
/// `Matching.Silo demo`: a registry in this process on the embedded default, a synthetic population with missing
/// children planted among unrelated people sent through the HTTP API as a lab would send it, and what the blind
/// search found.
/// </summary>
public static class DemoRun
{
    public const string Usage = """
        usage: Matching.Silo demo [--cases N (200)] [--persons N (2000)] [--seed S (2026)] [--data FOLDER (.matching)]
            start a registry in this process on the embedded default (a database of its own, matching_demo, made
            afresh), register a synthetic population with planted missing children among N unrelated persons, and
            show what the blind search found
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--cases" or "--persons" or "--seed" or "--data") || i + 1 == args.Length)
            {
                await error.WriteLineAsync($"Matching.Silo demo: {args[i]}: {(i + 1 == args.Length ? "needs a value" : "unknown option")}\n{Usage.TrimEnd()}");
                return SiloOptions.UsageExitCode;
            }

            given[args[i]] = args[i + 1];
        }

        int Number(string name, int fallback) => given.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var (cases, unrelated, seed) = (Number("--cases", 200), Number("--persons", 2000), Number("--seed", 2026));
        var options = new SiloOptions
        {
            DataFolder = given.GetValueOrDefault("--data") ?? ".matching",
            Database = "matching_demo",
            Fresh = true,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = "matching-demo",
            // The demo's registry ends with it: its administrator key stays in memory, and .matching/admin.key is the main registry's.
            AdminKeyFile = null,
        };

        var clock = Stopwatch.StartNew();
        await using var registry = await RegistryHost.StartAsync(options, output);
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), seed).Generate(cases, unrelated);
        await output.WriteLineAsync(
            $"demo: {cases} cases ({population.Lines.Count - population.Planted.Count - unrelated} relatives), " +
            $"{population.Planted.Count} missing children planted among {unrelated} unrelated persons " +
            $"({population.Planted.Count(p => p.Mutated)} carry a mutation); seed {seed}");

        using var http = new HttpClient { BaseAddress = new Uri(registry.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", registry.AdminKey);
        var registering = Stopwatch.StartNew();
        using var upload = new StringContent(string.Join('\n', population.Lines), Encoding.UTF8, "application/x-ndjson");
        using var imported = await http.PostAsync("/api/imports", upload);
        var import = (await imported.Content.ReadFromJsonAsync<DemoImport>())!;
        if (import.Rejected > 0)
        {
            await error.WriteLineAsync($"demo: {import.Rejected} records rejected: {import.Errors[0].Reason}");
        }

        var registered = registering.Elapsed;
        DemoStats stats;
        while ((stats = (await http.GetFromJsonAsync<DemoStats>("/api/stats"))!).PendingSearches > 0)
        {
            await error.WriteAsync($"\rdemo: {stats.PendingSearches:N0} searches pending, {stats.Matches:N0} matches so far   ");
            await Task.Delay(250);
        }

        await error.WriteLineAsync();
        var searched = registering.Elapsed;
        await error.WriteLineAsync($"demo: {stats.Matches:N0} matches; working out what each LR means at the registry's size (each case's exact LR distribution)…");
        var matches = new List<MatchLine>();
        for (string? next = ""; next is not null;)
        {
            var page = (await http.GetFromJsonAsync<RegistryApi.MatchPage>($"/api/matches?limit={RegistryApi.MostPerPage}&after={Uri.EscapeDataString(next)}"))!;
            matches.AddRange(page.Matches);
            next = page.Next;
        }

        var planted = population.Planted.ToDictionary(p => (p.ProfileId, p.CaseId));
        var atRankOne = matches.Count(m => m.Rank == 1 && planted.ContainsKey((m.ProfileId, m.CaseId)));
        var foundAnywhere = matches.Count(m => planted.ContainsKey((m.ProfileId, m.CaseId)));

        await output.WriteLineAsync("\nstrongest matches:");
        await output.WriteLineAsync($"{"profile",-12} {"case",-12} {"LR",12} {"log10 LR",9} {"rank",5}");
        foreach (var m in matches.Take(15))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{m.ProfileId,-12} {m.CaseId,-12} {m.Lr,12:G4} {m.Log10Lr,9:F2} {m.Rank,5}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""

            demo: {atRankOne} of {population.Planted.Count} planted children found at rank 1 ({foundAnywhere} among the matches at any rank);
            demo: {matches.Count - foundAnywhere} other pairs reached LR ≥ {options.ReportingThreshold:G} (relatives of a case's family registered as unknown, or chance);
            demo: registered {population.Lines.Count:N0} profiles in {registered.TotalSeconds:F1} s, all searches done after {searched.TotalSeconds:F1} s ({clock.Elapsed.TotalSeconds:F1} s with start-up)
            """));
        foreach (var missed in population.Planted.Where(p => !matches.Any(m => m.ProfileId == p.ProfileId && m.CaseId == p.CaseId)).Take(5))
        {
            await output.WriteLineAsync($"demo: not found: {missed.ProfileId} of case {missed.CaseId} ({missed.Shape}{(missed.Mutated ? ", mutated" : "")})");
        }

        return 0;
    }

    private sealed record DemoImport(int Rejected, List<RecordError> Errors);

    private sealed record DemoStats(long PendingSearches, long Matches);
}
