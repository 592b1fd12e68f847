namespace Matching.Registry.Formats;

/// <summary>
/// GeneMapper ID-X genotype tables, tab- or comma-separated: a row per sample and marker with the columns
/// Sample Name, Marker, Allele 1 … Allele n (other columns ignored; a homozygote written once or twice; OL kept as
/// an allele). A sample's rows come together; the manifest says who each sample is.
/// </summary>
public static class GeneMapperReader
{
    public static async Task ReadAsync(TextReader table, string source, SampleManifest manifest, BatchCollector batch,
        CancellationToken cancellationToken = default)
    {
        var headerLine = await table.ReadLineAsync(cancellationToken);
        var separator = headerLine?.Contains('\t') == true ? '\t' : ',';
        var header = headerLine?.Split(separator).Select(h => h.Trim().Trim('"')).ToArray() ?? [];
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
        var first = 0;
        var loci = new List<(string, IReadOnlyList<string>?)>();
        var number = 1;

        void Finish(int last)
        {
            if (sample is null)
            {
                return;
            }

            var where = first == last ? $"{source} line {first}" : $"{source} lines {first}–{last}";
            if (!finished.Add(sample))
            {
                batch.Reject(new RecordError(where, sample, "Sample Name", "the sample's rows are not together: it appears again after other samples"));
            }
            else if (manifest.Fields(sample, where, [.. loci]) is { } fields)
            {
                batch.Add(fields);
            }
            else
            {
                batch.Reject(new RecordError(where, sample, "sampleName", "the sample has no row in the sample manifest"));
            }

            loci.Clear();
        }

        while (await table.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(separator);
            string Cell(int i) => i < cells.Length ? cells[i].Trim().Trim('"') : "";
            var name = Cell(sampleColumn);
            if (name.Length == 0)
            {
                batch.Reject(new RecordError($"{source} line {number}", "?", "Sample Name", "empty; the row cannot be given to a sample"));
                continue;
            }

            if (name != sample)
            {
                Finish(number - 1);
                (sample, first) = (name, number);
            }

            var marker = Cell(markerColumn);
            loci.Add((marker.Length == 0 ? "(empty marker)" : marker, alleleColumns.Select(Cell).Where(a => a.Length > 0).ToList()));
        }

        Finish(number);
    }
}
