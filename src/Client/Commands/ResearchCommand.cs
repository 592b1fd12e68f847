using System.Diagnostics;
using System.Globalization;

namespace Matching.Client.Commands;

/// <summary>`matching research`: start a search again of every case, and follow it to the end.</summary>
public static class ResearchCommand
{
    public const string Usage = """
        usage: matching research [--reason TEXT] [--id N] [--no-wait] [--server URL] [--key KEY]
            search every case again (after the silos restarted with a new frequency table, θ or mutation model), in
            the background; shows progress until done unless --no-wait; --id N follows a research already started
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        using var client = RegistryClient.For(parsed);
        var research = parsed.Number("--id") is { } id
            ? await client.ResearchAsync((long)id)
            : await client.StartResearchAsync(parsed.Text("--reason") ?? "matching research");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"research {research.Id}: {research.Cases:N0} cases to search again ({research.Reason}; requested by {research.RequestedBy})"));
        if (parsed.Has("--no-wait"))
        {
            return 0;
        }

        var clock = Stopwatch.StartNew();
        while (!research.Done)
        {
            var rate = research.Completed / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            var eta = rate > 0 ? TimeSpan.FromSeconds((research.Cases - research.Completed) / rate).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
            await error.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"\rresearch {research.Id}: {research.Completed:N0}/{research.Cases:N0} cases ({100.0 * research.Completed / Math.Max(research.Cases, 1):F1} %), {rate:F0}/s, ETA {eta}   "));
            await Task.Delay(500);
            research = await client.ResearchAsync(research.Id);
        }

        await error.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"research {research.Id}: done, {research.Cases:N0} cases searched again in {(research.CompletedAt - research.RequestedAt)?.TotalSeconds:F1} s"));
        return 0;
    }
}
