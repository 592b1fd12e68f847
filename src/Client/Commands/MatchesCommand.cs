using System.Globalization;
using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>`matching matches`: the ranked matches of a profile, a case, or the whole registry.</summary>
public static class MatchesCommand
{
    public const string Usage = """
        usage: matching matches (--profile ID | --case ID | --all) [--min-lr X] [--format table|jsonl] [--server URL] [--key KEY]
            the ranked matches of a person, a case or the whole registry
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        var chosen = new[] { parsed.Has("--profile"), parsed.Has("--case"), parsed.Has("--all") }.Count(c => c);
        var format = parsed.Text("--format") ?? "table";
        if (chosen != 1 || format is not ("table" or "jsonl"))
        {
            await error.WriteLineAsync(Usage);
            return MatchingCommand.Usage;
        }

        using var client = RegistryClient.For(parsed);
        var matches = await client.MatchesAsync(parsed.Text("--profile"), parsed.Text("--case"), parsed.Number("--min-lr"));
        await Write(matches, format, output);
        return 0;
    }

    public static async Task Write(IReadOnlyList<MatchReply> matches, string format, TextWriter output)
    {
        if (format == "jsonl")
        {
            foreach (var m in matches)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(m, RegistryClient.Json));
            }

            return;
        }

        if (matches.Count == 0)
        {
            await output.WriteLineAsync("no matches");
            return;
        }

        await output.WriteLineAsync($"{"profile",-12} {"case",-12} {"LR",12} {"log10 LR",9} {"rank",5} {"unrelated ≥ LR",15} {"posterior",10}");
        foreach (var m in matches)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{m.ProfileId,-12} {m.CaseId,-12} {m.Lr,12:G4} {m.Log10Lr,9:F2} {m.Rank,5} {(m.Evidence is { } e ? e.ExpectedUnrelatedAbove.ToString("G3", CultureInfo.InvariantCulture) : "-"),15} {(m.Evidence is { } p ? p.Posterior.ToString("F4", CultureInfo.InvariantCulture) : "-"),10}"));
        }

        if (matches.FirstOrDefault(m => m.Evidence is not null)?.Evidence is { } stated)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"unrelated ≥ LR: the unrelated persons expected at or above the LR among the {stated.Persons:N0} registered; posterior: prior P(registered) {stated.PriorRegistered} spread evenly over the persons who could be the child (all of them, or those of the child's sex or of unknown sex where its sex is recorded; a candidate of the other sex has posterior 0)"));
        }
    }
}
