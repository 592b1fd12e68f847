using System.Globalization;

namespace Matching.Client.Commands;

/// <summary>`matching power --case ID`: what a case's references can show at the registry's size.</summary>
public static class PowerCommand
{
    public const string Usage = """
        usage: matching power --case ID [--thresholds LR,LR (the registry's threshold and 10000)] [--no-relatives] [--server URL] [--key KEY]
            a case's power: for each threshold the chance that the true child reaches it, the chance that an
            unrelated person does, and the unrelated persons expected above it among those registered; the
            true child's median and 5th-percentile log10 LR; and which relative to ask for next, best first
            (each role the case could still take, simulated given the references typed)
               matching power [--weak] [--server URL] [--key KEY]
            the cases whose true child would reach LR 10,000 with a probability below one half, weakest first:
            whom to ask for more relatives first (worked out in the background as cases change)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        if (parsed.Has("--weak"))
        {
            using var weakClient = RegistryClient.For(parsed);
            await output.WriteLineAsync($"{"case",-16} {"P(true child ≥ 10,000)",24} {"median log10 LR",16}");
            await foreach (var line in weakClient.WeakCasesAsync())
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{line.CaseId,-16} {line.TrueChild,24:F4} {Show(line.MedianLog10Lr),16}"));
            }

            return 0;
        }

        if (parsed.Text("--case") is not { Length: > 0 } caseId)
        {
            await error.WriteLineAsync(Usage.TrimEnd());
            return MatchingCommand.Usage;
        }

        var thresholds = (parsed.Text("--thresholds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new FormatException($"--thresholds {t}: not an LR above 0"))
            .ToList();
        using var client = RegistryClient.For(parsed);
        if (await client.PowerAsync(caseId, thresholds, !parsed.Has("--no-relatives")) is not { } power)
        {
            await error.WriteLineAsync($"matching power: no case {caseId}");
            return 1;
        }

        await output.WriteLineAsync($"case {power.CaseId}: {string.Join(", ", power.References.Select(r => $"{r.Role} {r.ProfileId}"))}; " +
            $"{power.PersonsRegistered:N0} persons registered ({power.Method})");
        await output.WriteLineAsync($"{"LR ≥",10} {"true child",12} {"unrelated",12} {"expected unrelated above",26}");
        foreach (var t in power.Thresholds)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{t.Threshold,10:G4} {t.TrueChild,12:F4} {t.Unrelated,12:E2} {t.ExpectedUnrelatedAbove,26:G4}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"true child's log10 LR: median {Show(power.TrueChildMedianLog10Lr)}, 5th percentile {Show(power.TrueChildP05Log10Lr)}"));
        if (power.NextRelatives is { Count: > 0 } relatives)
        {
            var before = power.Thresholds.Single(t => t.Threshold == relatives[0].RankedAt).TrueChild;
            await output.WriteLineAsync("which relative to ask for next:");
            foreach (var advice in relatives.Where(r => r.Gain > 0).Take(5))
            {
                var after = advice.Thresholds.Single(t => t.Threshold == advice.RankedAt).TrueChild;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  ask for the {advice.Role}: P(≥ {advice.RankedAt:G}) from {before:F2} to {after:F2}; median log10 LR {Show(advice.TrueChildMedianLog10Lr)}"));
            }
        }

        return 0;
    }

    private static string Show(double? log10) => log10 is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "−∞ (LR 0)";
}
