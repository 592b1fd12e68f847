using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>`matching import FILE.jsonl`: registers a file of registration lines in batches, with progress and a summary.</summary>
public static class ImportCommand
{
    public const int SomeRejected = 3;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.Parse(args);
        parsed.RejectUnknown("--server", "--batch", "--report");
        if (parsed.Words.Count == 0)
        {
            await error.WriteLineAsync("usage: matching import FILE.jsonl... [--server URL] [--batch N] [--report errors.jsonl]");
            return MatchingCommand.Usage;
        }

        var batchSize = (int)(parsed.Number("--batch") ?? 1000);
        using var client = new RegistryClient(parsed.Text("--server") ?? RegistryClient.DefaultServer);
        await using var report = parsed.Text("--report") is { } reportPath ? new StreamWriter(reportPath) : null;
        var totals = new int[5];
        var shown = 0;
        foreach (var path in parsed.Words)
        {
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"matching import: {path}: no such file");
                return 2;
            }

            var source = Path.GetFileName(path);
            var size = new FileInfo(path).Length;
            using var reader = new StreamReader(path);
            var lines = new List<string>(batchSize);
            var first = 1;
            var number = 0;
            while (true)
            {
                var line = await reader.ReadLineAsync();
                if (line is not null)
                {
                    lines.Add(line);
                    number++;
                }

                if (lines.Count == batchSize || (line is null && lines.Count > 0))
                {
                    var reply = await client.RegisterAsync(lines, source, first);
                    totals[0] += reply.Created;
                    totals[1] += reply.Corrected;
                    totals[2] += reply.Unchanged;
                    totals[3] += reply.Rejected;
                    totals[4] += reply.Searches;
                    foreach (var e in reply.Errors)
                    {
                        if (report is not null)
                        {
                            await report.WriteLineAsync(JsonSerializer.Serialize(e, RegistryClient.Json));
                        }

                        if (shown++ < 20)
                        {
                            await error.WriteLineAsync($"  rejected: {e.Source}, record {e.Record}, {e.Field}: {e.Reason}");
                        }
                    }

                    var percent = size == 0 ? 100 : 100.0 * reader.BaseStream.Position / size;
                    await error.WriteAsync($"\r{source}: {number:N0} lines, {percent:F0}%   ");
                    first = number + 1;
                    lines.Clear();
                }

                if (line is null)
                {
                    break;
                }
            }

            await error.WriteLineAsync();
        }

        if (shown > 20)
        {
            await error.WriteLineAsync($"  … and {shown - 20} more rejected records{(report is null ? " (--report FILE writes them all)" : "")}");
        }

        await output.WriteLineAsync($"created {totals[0]}, corrected {totals[1]}, unchanged {totals[2]}, rejected {totals[3]}; {totals[4]} searches started");
        return totals[3] > 0 ? SomeRejected : 0;
    }
}
