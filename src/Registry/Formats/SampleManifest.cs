namespace Matching.Registry.Formats;

/// <summary>
/// What a genotype table does not say about its samples: the CSV sample manifest with the header
/// sampleName,id,category,caseId,role,province,sex (in any column order).
/// </summary>
public sealed class SampleManifest
{
    private static readonly string[] Columns = ["sampleName", "id", "category", "caseId", "role", "province", "sex"];
    private readonly Dictionary<string, string[]> _rows = new(StringComparer.Ordinal);

    private SampleManifest()
    {
    }

    public int Count => _rows.Count;

    /// <summary>Reads a manifest; a file without the expected header is unusable as a whole.</summary>
    public static async Task<SampleManifest> ReadAsync(TextReader reader, string source)
    {
        var header = (await reader.ReadLineAsync())?.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
        var index = Columns.Select(c => Array.FindIndex(header ?? [], h => h.Equals(c, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (header is null || index.Any(i => i < 0))
        {
            throw new FormatException($"{source}: the sample manifest's header must name the columns {string.Join(',', Columns)}");
        }

        var manifest = new SampleManifest();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            var row = index.Select(i => i < cells.Length ? cells[i] : "").ToArray();
            manifest._rows.TryAdd(row[0], row);
        }

        return manifest;
    }

    /// <summary>The fields of a sample, with its loci; null when the manifest has no row for it.</summary>
    public RegistrationFields? Fields(string sampleName, string where, IReadOnlyList<(string Locus, IReadOnlyList<string>? Alleles)> loci) =>
        _rows.TryGetValue(sampleName, out var r)
            ? new RegistrationFields(where, Blank(r[1]), Blank(r[2]), Blank(r[3]), Blank(r[4]), Blank(r[5]), Blank(r[6]), loci)
            : null;

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
