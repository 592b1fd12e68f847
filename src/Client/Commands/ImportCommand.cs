using System.Net.Http.Headers;
using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>
/// `matching import FILE...`: streams each lab file to the registry's POST /api/imports as it is, so the silo's own
/// frequency table, minimum loci and rules judge every record; then shows what the import came to, its rejected
/// records and its warnings (--report writes them all as JSON lines).
/// </summary>
public static class ImportCommand
{
    public const int SomeRejected = 3;

    private const int ShownErrors = 20;
    private const int ShownWarnings = 5;

    public const string Usage = """
        usage: matching import FILE... [--manifest FILE] [--report FILE] [--reason TEXT] [--wait] [--server URL] [--key KEY]
            stream lab files to the registry (POST /api/imports), whose own rules judge every record; shows the
            rejected records and the warnings; exit 3 when some record was rejected
            FILE.jsonl                  registration JSON lines
            FILE.xml                    CODIS CMF
            FILE.csv | .tsv | .txt      a GeneMapper ID-X genotype table; --manifest FILE names each sample (CSV with
                                        the columns sampleName,id,category,province, and caseId,role,sex where needed)
            --report FILE               every rejected record and every warning, one JSON object a line
            --reason TEXT               why the files correct profiles already registered (a correction needs one;
                                        a record's own correctionReason wins)
            --wait                      then follow the searches the files owe until the last is done: how many are
                                        done, the registry's pace and the time left
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        if (parsed.Words.Count == 0)
        {
            await error.WriteLineAsync(Usage);
            return MatchingCommand.Usage;
        }

        var manifest = parsed.Text("--manifest");
        foreach (var path in parsed.Words.Append(manifest).OfType<string>())
        {
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"matching import: {path}: no such file");
                return 2;
            }
        }

        if (manifest is null && parsed.Words.FirstOrDefault(IsTable) is { } table)
        {
            await error.WriteLineAsync($"matching import: {table}: a GeneMapper table needs --manifest FILE to say who each sample is");
            return 2;
        }

        using var client = RegistryClient.For(parsed);
        await using var report = parsed.Text("--report") is { } reportPath ? new StreamWriter(reportPath) : null;
        var (created, corrected, unchanged, rejected, warned) = (0, 0, 0, 0, 0);
        var imports = new List<long>();
        foreach (var path in parsed.Words)
        {
            var source = Path.GetFileName(path);
            var size = new FileInfo(path).Length + (IsTable(path) ? new FileInfo(manifest!).Length : 0);
            var progress = new InlineProgress<long>(sent => error.Write($"\r{source}: {Megabytes(sent)} of {Megabytes(size)} sent   "));
            var import = IsTable(path)
                ? await client.ImportTableAsync(path, manifest!, progress, parsed.Text("--reason"))
                : await client.ImportAsync(path, Path.GetExtension(path).Equals(".xml", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "application/x-ndjson", progress,
                    parsed.Text("--reason"));
            await error.WriteLineAsync($"\r{source}: import {import.Id}, {import.Records:N0} records read{new string(' ', 20)}");
            imports.Add(import.Id);

            var all = report is not null && (import.Rejected > import.Errors.Count || import.Warned > import.Warnings.Count)
                ? await client.FindImportAsync(import.Id, RegistryClient.MostErrorsListed)
                : import;
            if (report is not null)
            {
                foreach (var e in all.Errors)
                {
                    await report.WriteLineAsync(JsonSerializer.Serialize(e, RegistryClient.Json));
                }

                foreach (var w in all.Warnings)
                {
                    await report.WriteLineAsync(JsonSerializer.Serialize(new WarningLine(import.Source, w), RegistryClient.Json));
                }

                if (all.Errors.Count < import.Rejected || all.Warnings.Count < import.Warned)
                {
                    await error.WriteLineAsync($"  the report holds the first {all.Errors.Count:N0} of {import.Rejected:N0} rejected records and " +
                        $"{all.Warnings.Count:N0} of {import.Warned:N0} warnings (GET /api/imports/{import.Id} lists at most {RegistryClient.MostErrorsListed:N0} of each)");
                }
            }

            foreach (var e in import.Errors.Take(ShownErrors))
            {
                await error.WriteLineAsync($"  rejected: {e.Source}, record {e.Record}, {e.Field}: {e.Reason}");
            }

            if (import.Rejected > ShownErrors)
            {
                await error.WriteLineAsync($"  … and {import.Rejected - ShownErrors} more rejected records{(report is null ? " (--report FILE writes them all)" : "")}");
            }

            if (import.Warned > 0)
            {
                await error.WriteLineAsync($"  {import.Warned} warnings, such as:");
                foreach (var w in import.Warnings.Take(ShownWarnings))
                {
                    await error.WriteLineAsync($"    {w}");
                }

                if (import.Warned > ShownWarnings && report is null)
                {
                    await error.WriteLineAsync("    (--report FILE writes them all)");
                }
            }

            (created, corrected, unchanged, rejected, warned) =
                (created + import.Created, corrected + import.Corrected, unchanged + import.Unchanged, rejected + import.Rejected, warned + import.Warned);
        }

        await output.WriteLineAsync($"created {created}, corrected {corrected}, unchanged {unchanged}, rejected {rejected}; {warned} warnings");
        if (parsed.Has("--wait"))
        {
            await output.WriteLineAsync(await WaitForSearchesAsync(client, imports, error));
        }

        return rejected > 0 ? SomeRejected : 0;
    }

    /// <summary>How often --wait asks the registry how the imports' searches stand, at the most.</summary>
    private static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// --wait asks at most this share of the time: counting a million pending searches takes the registry's database
    /// a second or more, and asked every two seconds it would slow the searches it follows.
    /// </summary>
    private const int WaitShare = 20;

    /// <summary>Follows the imports' searches until none they wait on is pending; the closing line.</summary>
    private static async Task<string> WaitForSearchesAsync(RegistryClient client, List<long> imports, TextWriter error)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var asked = System.Diagnostics.Stopwatch.GetTimestamp();
            var searches = (await Task.WhenAll(imports.Select(id => client.FindImportAsync(id, 0)))).Select(i => i.Searches).OfType<ImportSearchesReply>().ToList();
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(asked);
            var (owed, done) = (searches.Sum(s => s.Owed), searches.Sum(s => s.Done));
            // The last import waits on every older search too: its count is what stands between the files and their end.
            var waiting = searches.Count == 0 ? 0 : searches.Max(s => s.WaitingOn);
            if (waiting == 0)
            {
                await error.WriteLineAsync();
                return $"searches: {owed:N0} owed, all done in {clock.Elapsed.TotalSeconds:N0} s";
            }

            var pace = searches[^1].PerSecond;
            var eta = searches.Max(s => s.EtaSeconds) is { } seconds ? $", about {TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)} left" : "";
            error.Write($"\rsearches: {done:N0} of {owed:N0} done, {waiting:N0} pending up to the last, {pace:N1}/s{eta}      ");
            await Task.Delay(TimeSpan.FromTicks(Math.Max(WaitPoll.Ticks, WaitShare * took.Ticks)));
        }
    }

    private static bool IsTable(string path) => Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".tsv" or ".txt";

    private static string Megabytes(long bytes) => $"{bytes / 1e6:N1} MB";

    private sealed record WarningLine(string Source, string Warning);
}
