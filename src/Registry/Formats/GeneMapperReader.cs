using Sylvan.Data.Csv;

namespace Matching.Registry.Formats;

/// <summary>
/// GeneMapper ID-X genotype tables, tab- or comma-separated (told from the header), read as a CSV reader reads them
/// (quoted fields, a BOM, CRLF): a row per sample and marker with the columns Sample Name, Marker, Allele 1 …
/// Allele n (other columns ignored; a homozygote written once or twice; OL kept as an allele). A sample's rows come
/// together; the manifest says who each sample is. A record is named by its Sample Name in the error report.
/// </summary>
public static class GeneMapperReader
{
    public static async Task ReadAsync(TextReader table, string source, SampleManifest manifest, BatchCollector batch,
        CancellationToken cancellationToken = default)
    {
        var line = 1;
        try
        {
            await Read(table, source, manifest, batch, l => line = l, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or AmbiguousColumnException)
        {
            // An unclosed quote or a missing header: what was read before it stands, the rest cannot be told apart.
            batch.Reject(new RecordError($"{source} line {line}", "?", "table", $"not readable as CSV from here on: {e.Message}"));
        }
    }

    private static async Task Read(TextReader table, string source, SampleManifest manifest, BatchCollector batch, Action<int> at,
        CancellationToken cancellationToken)
    {
        await using var csv = await CsvDataReader.CreateAsync(table, new CsvDataReaderOptions(), cancellationToken);
        var header = Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetName(i).Trim()).ToArray();
        var sampleColumn = Array.FindIndex(header, h => h.Equals("Sample Name", StringComparison.OrdinalIgnoreCase));
        var markerColumn = Array.FindIndex(header, h => h.Equals("Marker", StringComparison.OrdinalIgnoreCase));
        var alleleColumns = header.Select((h, i) => (h, i))
            .Where(c => c.h.StartsWith("Allele ", StringComparison.OrdinalIgnoreCase) && int.TryParse(c.h[7..], out _))
            .Select(c => c.i).ToArray();
        if (sampleColumn < 0 || markerColumn < 0 || alleleColumns.Length == 0)
        {
            batch.Reject(new RecordError($"{source} line 1", "?", "header", "a GeneMapper table needs the columns Sample Name, Marker and Allele 1 (… Allele n)"));
            return;
        }

        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? sample = null;
        var (first, last) = (0, 0);
        var loci = new List<(string, IReadOnlyList<string>?)>();

        void Finish()
        {
            if (sample is null)
            {
                return;
            }

            var where = (first == last ? $"{source} line {first}" : $"{source} lines {first}–{last}") + $", Sample Name {sample}";
            if (!finished.Add(sample))
            {
                batch.Reject(new RecordError(where, sample, "Sample Name", "the sample's rows are not together: it appears again after other samples"));
            }
            else if (manifest.Fields(sample, where, [.. loci]) is var (fields, error) && fields is not null)
            {
                batch.Add(fields);
            }
            else
            {
                batch.Reject(error!);
            }

            loci.Clear();
        }

        while (await csv.ReadAsync(cancellationToken))
        {
            string Cell(int i) => i < csv.RowFieldCount ? csv.GetString(i).Trim() : "";
            var line = csv.RowNumber + 1; // the file's line where no quoted field spans lines: the header is line 1
            at(line);
            var name = Cell(sampleColumn);
            if (name.Length == 0)
            {
                if (Enumerable.Range(0, csv.RowFieldCount).Any(i => Cell(i).Length > 0))
                {
                    batch.Reject(new RecordError($"{source} line {line}", "?", "Sample Name", "empty; the row cannot be given to a sample"));
                }

                continue;
            }

            if (name != sample)
            {
                Finish();
                (sample, first) = (name, line);
            }

            last = line;
            var marker = Cell(markerColumn);
            loci.Add((marker.Length == 0 ? "(empty marker)" : marker, alleleColumns.Select(Cell).Where(a => a.Length > 0).ToList()));
        }

        Finish();
    }
}
