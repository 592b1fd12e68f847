using System.Globalization;
using System.Reflection;

namespace Matching.Kinship;

/// <summary>A population's allele frequencies at every locus it covers, keyed by canonical locus name.</summary>
public sealed class FrequencyTable
{
    private readonly Dictionary<string, LocusFrequencies> _loci;

    public FrequencyTable(string name, IEnumerable<LocusFrequencies> loci)
    {
        Name = name;
        _loci = new Dictionary<string, LocusFrequencies>(StringComparer.Ordinal);
        foreach (var locus in loci)
        {
            if (!_loci.TryAdd(locus.Locus, locus))
            {
                throw new FrequencyTableException($"{name}: locus {locus.Locus} appears twice");
            }
        }

        Loci = _loci.Values.ToArray();
    }

    public string Name { get; }

    /// <summary>
    /// SHA-256 of the table's content (loci by name, each allele with its frequency and the count of alleles), so that
    /// two tables of one name but different numbers are told apart; the name is not part of it.
    /// </summary>
    public string ContentHash => _contentHash ??= Hash();

    private string? _contentHash;

    private string Hash()
    {
        var text = new System.Text.StringBuilder();
        foreach (var locus in Loci.OrderBy(l => l.Locus, StringComparer.Ordinal))
        {
            text.Append(locus.Locus).Append('|').Append(locus.AllelesCounted?.ToString(CultureInfo.InvariantCulture) ?? "").Append('|');
            for (var i = 0; i < locus.Alleles.Count; i++)
            {
                text.Append(locus.Alleles[i]).Append('=').Append(locus.Frequencies[i].ToString("R", CultureInfo.InvariantCulture)).Append(';');
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The loci in the table's own order.</summary>
    public IReadOnlyList<LocusFrequencies> Loci { get; }

    public LocusFrequencies? this[string locus] => _loci.GetValueOrDefault(LocusName.Normalize(locus));

    /// <summary>The shipped default: the East Asia (norSTR) table, with the NIST Asian column for D6S1043.</summary>
    public static FrequencyTable DefaultEastAsia()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Matching.Kinship.Data.default-eastasia.csv")
            ?? throw new InvalidOperationException("the default frequency table is not embedded in the engine");
        using var reader = new StreamReader(stream);
        return ReadCsv(reader, "East Asia (norSTR, D6S1043 from NIST Asian)");
    }

    /// <summary>Reads a table file: the CSV of shared/data (alleles × loci) or the Familias/norSTR list.</summary>
    public static FrequencyTable Read(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? throw new FrequencyTableException($"{path}: the file is empty");
        reader.BaseStream.Position = 0;
        reader.DiscardBufferedData();
        return first.Contains(',') && first.Split(',')[0].Trim().Equals("Allele", StringComparison.OrdinalIgnoreCase)
            ? ReadCsv(reader, path)
            : ReadFamilias(reader, path);
    }

    /// <summary>CSV: header "Allele,locus,…"; an optional "N" row of alleles counted; blank cells are alleles not seen.</summary>
    public static FrequencyTable ReadCsv(TextReader reader, string source)
    {
        var header = reader.ReadLine()?.Split(',') ?? throw new FrequencyTableException($"{source}: the file is empty");
        if (header.Length < 2 || !header[0].Trim().Equals("Allele", StringComparison.OrdinalIgnoreCase))
        {
            throw new FrequencyTableException($"{source}, line 1: the header must start with 'Allele' and name at least one locus");
        }

        var loci = header.Skip(1).Select(h => LocusName.Normalize(h)).ToArray();
        var alleles = loci.Select(_ => new List<string>()).ToArray();
        var freqs = loci.Select(_ => new List<double>()).ToArray();
        var counted = new int?[loci.Length];
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(',');
            var label = cells[0].Trim();
            for (var j = 1; j < cells.Length && j <= loci.Length; j++)
            {
                var cell = cells[j].Trim();
                if (cell.Length == 0)
                {
                    continue;
                }

                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new FrequencyTableException($"{source}, line {lineNumber}, locus {loci[j - 1]}: '{cell}' is not a number");
                }

                if (label.Equals("N", StringComparison.OrdinalIgnoreCase))
                {
                    counted[j - 1] = (int)value;
                    continue;
                }

                if (!AlleleLabel.IsWellFormed(label))
                {
                    throw new FrequencyTableException($"{source}, line {lineNumber}: '{label}' is not an allele label");
                }

                alleles[j - 1].Add(label);
                freqs[j - 1].Add(value);
            }
        }

        return new FrequencyTable(source, loci.Select((l, j) => new LocusFrequencies(l, alleles[j], freqs[j], counted[j])));
    }

    /// <summary>Familias/norSTR list: a locus name line, "allele&lt;TAB&gt;frequency" lines, a blank line between loci.</summary>
    public static FrequencyTable ReadFamilias(TextReader reader, string source)
    {
        var result = new List<LocusFrequencies>();
        string? locus = null;
        var alleles = new List<string>();
        var freqs = new List<double>();
        var lineNumber = 0;

        void Flush()
        {
            if (locus is not null)
            {
                result.Add(new LocusFrequencies(locus, alleles.ToArray(), freqs.ToArray()));
            }

            locus = null;
            alleles.Clear();
            freqs.Clear();
        }

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush();
                continue;
            }

            var parts = line.Split('\t', StringSplitOptions.TrimEntries);
            if (locus is null)
            {
                locus = LocusName.Normalize(parts[0]);
                continue;
            }

            if (parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FrequencyTableException($"{source}, line {lineNumber}, locus {locus}: expected 'allele<TAB>frequency', got '{line.Trim()}'");
            }

            if (!AlleleLabel.IsWellFormed(parts[0]))
            {
                throw new FrequencyTableException($"{source}, line {lineNumber}, locus {locus}: '{parts[0]}' is not an allele label");
            }

            alleles.Add(parts[0]);
            freqs.Add(value);
        }

        Flush();
        if (result.Count == 0)
        {
            throw new FrequencyTableException($"{source}: no locus found");
        }

        return new FrequencyTable(source, result);
    }
}
