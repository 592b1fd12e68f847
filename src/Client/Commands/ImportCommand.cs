using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Formats;

namespace Matching.Client.Commands;

/// <summary>
/// `matching import FILE...`: registers lab files with a registry in batches, with progress and a summary. JSON lines
/// go as they are; CMF XML and GeneMapper tables (with their sample manifest) are converted here under the
/// registry's rules, and their bad records are reported like the registry's own.
/// </summary>
public static class ImportCommand
{
    public const int SomeRejected = 3;

    public const string Usage = """
        usage: matching import FILE... [--manifest FILE] [--server URL] [--batch N] [--report errors.jsonl]
          FILE.jsonl                    registration JSON lines
          FILE.xml                      CODIS CMF
          FILE.csv | .tsv | .txt        a GeneMapper ID-X genotype table; --manifest names each sample
                                        (CSV: sampleName,id,category,caseId,role,province,sex)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.Parse(args);
        parsed.RejectUnknown("--server", "--batch", "--report", "--manifest");
        if (parsed.Words.Count == 0)
        {
            await error.WriteLineAsync(Usage);
            return MatchingCommand.Usage;
        }

        var batchSize = (int)(parsed.Number("--batch") ?? 1000);
        using var client = new RegistryClient(parsed.Text("--server") ?? RegistryClient.DefaultServer);
        await using var report = parsed.Text("--report") is { } reportPath ? new StreamWriter(reportPath) : null;
        var tally = new Tally(report, error);
        foreach (var path in parsed.Words)
        {
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"matching import: {path}: no such file");
                return 2;
            }

            var source = Path.GetFileName(path);
            using var reader = await Open(path, source, parsed.Text("--manifest"), tally, error);
            if (reader is null)
            {
                return 2;
            }

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
                    await tally.AddAsync(reply);
                    await error.WriteAsync($"\r{source}: {number:N0} profiles sent   ");
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

        await tally.SummaryAsync(output, report is not null);
        return tally.Rejected > 0 ? SomeRejected : 0;
    }

    /// <summary>The file as registration lines; null (and a message) when it cannot be read at all.</summary>
    private static async Task<TextReader?> Open(string path, string source, string? manifestPath, Tally tally, TextWriter error)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".jsonl" or ".ndjson" or ".json")
        {
            return new StreamReader(path);
        }

        var batch = new BatchCollector(new ProfileRules(FrequencyTable.DefaultEastAsia()));
        if (extension == ".xml")
        {
            await using var xml = File.OpenRead(path);
            await CmfReader.ReadAsync(xml, source, batch);
        }
        else
        {
            if (manifestPath is null)
            {
                await error.WriteLineAsync($"matching import: {path}: a GeneMapper table needs --manifest FILE to say who each sample is");
                return null;
            }

            SampleManifest manifest;
            try
            {
                using var manifestReader = new StreamReader(manifestPath);
                manifest = await SampleManifest.ReadAsync(manifestReader, Path.GetFileName(manifestPath));
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                await error.WriteLineAsync($"matching import: {e.Message}");
                return null;
            }

            using var table = new StreamReader(path);
            await GeneMapperReader.ReadAsync(table, source, manifest, batch);
        }

        var converted = batch.Build();
        foreach (var e in converted.Errors)
        {
            await tally.RejectAsync(new RecordErrorReply(e.Source, e.Record, e.Field, e.Reason));
        }

        return new StringReader(string.Join('\n', converted.Records.Select(RegistrationWriter.Line)));
    }

    /// <summary>What an import came to, and the rejected records as they come.</summary>
    private sealed class Tally(StreamWriter? report, TextWriter error)
    {
        private const int Shown = 20;
        private int _created, _corrected, _unchanged, _searches;

        public int Rejected { get; private set; }

        public async Task AddAsync(RegistrationReply reply)
        {
            (_created, _corrected, _unchanged, _searches) =
                (_created + reply.Created, _corrected + reply.Corrected, _unchanged + reply.Unchanged, _searches + reply.Searches);
            foreach (var e in reply.Errors)
            {
                await RejectAsync(e);
            }
        }

        public async Task RejectAsync(RecordErrorReply e)
        {
            if (report is not null)
            {
                await report.WriteLineAsync(JsonSerializer.Serialize(e, RegistryClient.Json));
            }

            if (Rejected++ < Shown)
            {
                await error.WriteLineAsync($"  rejected: {e.Source}, record {e.Record}, {e.Field}: {e.Reason}");
            }
        }

        public async Task SummaryAsync(TextWriter output, bool reported)
        {
            if (Rejected > Shown)
            {
                await error.WriteLineAsync($"  … and {Rejected - Shown} more rejected records{(reported ? "" : " (--report FILE writes them all)")}");
            }

            await output.WriteLineAsync($"created {_created}, corrected {_corrected}, unchanged {_unchanged}, rejected {Rejected}; {_searches} searches started");
        }
    }
}
