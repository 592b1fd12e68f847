using System.Diagnostics;
using System.Globalization;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Synthetic;
using Matching.Silo;

namespace Matching.Client.Commands;

/// <summary>
/// `matching demo`: starts a registry in this process on the embedded default, registers a synthetic population
/// with missing children planted among unrelated people, and shows what the blind search found.
/// </summary>
public static class DemoCommand
{
    public const string Usage = """
        usage: matching demo [--cases N (200)] [--persons N (2000)] [--seed S] [--data FOLDER]
            start a registry in this process on the embedded default, register a synthetic population with planted
            missing children among N unrelated persons, and show what the blind search found
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        Arguments parsed;
        try
        {
            parsed = Arguments.ParseFor(args, Usage);
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"matching demo: {e.Message}\n{Usage}");
            return MatchingCommand.Usage;
        }

        var cases = (int)(parsed.Number("--cases") ?? 200);
        var unrelated = (int)(parsed.Number("--persons") ?? 2000);
        var seed = (int)(parsed.Number("--seed") ?? 2026);
        var options = new SiloOptions
        {
            DataFolder = parsed.Text("--data") ?? ".matching",
            Database = "matching_demo",
            Fresh = true,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = "matching-demo",
        };

        var clock = Stopwatch.StartNew();
        await using var registry = await RegistryHost.StartAsync(options, output);
        var population = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), seed).Generate(cases, unrelated);
        await output.WriteLineAsync(
            $"demo: {cases} cases ({population.Lines.Count - population.Planted.Count - unrelated} relatives), " +
            $"{population.Planted.Count} missing children planted among {unrelated} unrelated persons " +
            $"({population.Planted.Count(p => p.Mutated)} carry a mutation); seed {seed}");

        using var client = new RegistryClient(registry.Url);
        var registering = Stopwatch.StartNew();
        var sent = 0;
        foreach (var batch in population.Lines.Chunk(1000))
        {
            var reply = await client.RegisterAsync(batch, "demo", sent + 1);
            sent += batch.Length;
            if (reply.Rejected > 0)
            {
                await error.WriteLineAsync($"demo: {reply.Rejected} records rejected: {reply.Errors[0].Reason}");
            }

            await error.WriteAsync($"\rdemo: registered {sent:N0}/{population.Lines.Count:N0} profiles   ");
        }

        await error.WriteLineAsync();
        var registered = registering.Elapsed;
        var stats = await client.StatsAsync();
        while (stats.PendingSearches > 0)
        {
            await error.WriteAsync($"\rdemo: {stats.PendingSearches:N0} searches pending, {stats.Matches:N0} matches so far   ");
            await Task.Delay(250);
            stats = await client.StatsAsync();
        }

        await error.WriteLineAsync();
        var searched = registering.Elapsed;
        var matches = await client.MatchesAsync(null, null, null);
        var planted = population.Planted.ToDictionary(p => (p.ProfileId, p.CaseId));
        var atRankOne = matches.Count(m => m.Rank == 1 && planted.ContainsKey((m.ProfileId, m.CaseId)));
        var foundAnywhere = matches.Count(m => planted.ContainsKey((m.ProfileId, m.CaseId)));
        var others = matches.Count - foundAnywhere;

        await output.WriteLineAsync("\nstrongest matches:");
        await MatchesCommand.Write([.. matches.Take(15)], "table", output);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""

            demo: {atRankOne} of {population.Planted.Count} planted children found at rank 1 ({foundAnywhere} among the matches at any rank);
            demo: {others} other pairs reached LR ≥ {options.ReportingThreshold:G} (relatives of a case's family registered as unknown, or chance);
            demo: registered {population.Lines.Count:N0} profiles in {registered.TotalSeconds:F1} s, all searches done after {searched.TotalSeconds:F1} s ({clock.Elapsed.TotalSeconds:F1} s with start-up)
            """));
        foreach (var missed in population.Planted.Where(p => !matches.Any(m => m.ProfileId == p.ProfileId && m.CaseId == p.CaseId)).Take(5))
        {
            await output.WriteLineAsync($"demo: not found: {missed.ProfileId} of case {missed.CaseId} ({missed.Shape}{(missed.Mutated ? ", mutated" : "")})");
        }

        return 0;
    }
}
