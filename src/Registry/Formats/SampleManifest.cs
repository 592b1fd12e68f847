using Sylvan.Data.Csv;

namespace Matching.Registry.Formats;

/// <summary>
/// What a genotype table does not say about its samples: the CSV sample manifest, a row per sample with the columns
/// sampleName, id, category and province, and where a record needs them caseId, role and sex (in any order, any
/// case; other columns ignored). Read as labs write CSV: quoted fields with commas, a BOM, CRLF, comma or tab.
/// </summary>
public sealed class SampleManifest
{
    public static readonly string[] Required = ["sampleName", "id", "category", "province"];

    private static readonly string[] Optional = ["caseId", "role", "sex"];

    private readonly Dictionary<string, (string?[] Row, int Line)> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _repeated = new(StringComparer.Ordinal);
    private string _source = "manifest";

    private SampleManifest()
    {
    }

    public int Count => _rows.Count;

    /// <summary>Reads a manifest; a file without the required columns is unusable as a whole.</summary>
    public static async Task<SampleManifest> ReadAsync(TextReader reader, string source, CancellationToken cancellationToken = default)
    {
        await using var csv = await CsvDataReader.CreateAsync(reader, new CsvDataReaderOptions { HeaderComparer = StringComparer.OrdinalIgnoreCase }, cancellationToken);
        var columns = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToArray();
        int Index(string name) => Array.FindIndex(columns, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
        var missing = Required.Where(c => Index(c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"{source}: the sample manifest has no column {string.Join(", ", missing)}; its header needs " +
                $"{string.Join(",", Required)} (and {string.Join(", ", Optional)} where records need them)");
        }

        var index = Required.Concat(Optional).Select(Index).ToArray();
        var manifest = new SampleManifest { _source = source };
        while (await csv.ReadAsync(cancellationToken))
        {
            var row = index.Select(i => i >= 0 && i < csv.RowFieldCount ? Blank(csv.GetString(i)) : null).ToArray();
            if (row.All(c => c is null))
            {
                continue;
            }

            var line = csv.RowNumber + 1; // the file's line where no quoted field spans lines: the header is line 1
            var sample = row[0] ?? "";
            if (manifest._rows.TryGetValue(sample, out var earlier))
            {
                if (!manifest._repeated.TryGetValue(sample, out var lines))
                {
                    manifest._repeated[sample] = lines = [earlier.Line];
                }

                lines.Add(line);
                continue;
            }

            manifest._rows[sample] = (row, line);
        }

        return manifest;
    }

    /// <summary>
    /// The fields of a sample, with its loci; or the error that keeps it out: the manifest has no row for it, or names it
    /// more than once (which row is meant cannot be told).
    /// </summary>
    public (RegistrationFields? Fields, RecordError? Error) Fields(string sampleName, string where, IReadOnlyList<(string Locus, IReadOnlyList<string>? Alleles)> loci)
    {
        if (_repeated.TryGetValue(sampleName, out var lines))
        {
            return (null, new RecordError(where, sampleName, "sampleName",
                $"the sample manifest {_source} names this sample on lines {string.Join(" and ", lines)}; which row is meant cannot be told"));
        }

        if (!_rows.TryGetValue(sampleName, out var found))
        {
            return (null, new RecordError(where, sampleName, "sampleName", $"the sample has no row in the sample manifest {_source}"));
        }

        var r = found.Row;
        return (new RegistrationFields(where, r[1], r[2], r[4], r[5], r[3], r[6], loci), null);
    }

    private static string? Blank(string value) => value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}
