using System.Text.Json;
using Matching.Registry.Formats;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// Reads registration JSON lines, one profile a line:
/// {"id", "category", "caseId", "role", "province", "sex", "loci": {"D3S1358": ["15", "16"], ...}}.
/// Every bad record becomes a <see cref="RecordError"/> naming the line, the record, the field and the reason;
/// the good records of the same batch are kept.
/// </summary>
public sealed class RegistrationReader(FrequencyTable frequencies, int minimumLoci = ProfileRules.DefaultMinimumLoci)
{
    public const int DefaultMinimumLoci = ProfileRules.DefaultMinimumLoci;

    /// <summary>Reads every line; <paramref name="firstLine"/> numbers the first one (a file sent in parts keeps its numbers).</summary>
    public async Task<RegistrationBatch> ReadAsync(TextReader reader, string source, int firstLine = 1, CancellationToken cancellationToken = default)
    {
        var batch = new BatchCollector(new ProfileRules(frequencies, minimumLoci));
        var number = firstLine - 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            Add(batch, line, source, ++number);
        }

        return batch.Build();
    }

    /// <summary>Reads lines already split (an upload read a batch at a time); the first is line <paramref name="firstLine"/>.</summary>
    public RegistrationBatch Read(IReadOnlyList<string> lines, string source, int firstLine = 1)
    {
        var batch = new BatchCollector(new ProfileRules(frequencies, minimumLoci));
        for (var i = 0; i < lines.Count; i++)
        {
            Add(batch, lines[i], source, firstLine + i);
        }

        return batch.Build();
    }

    private static void Add(BatchCollector batch, string line, string source, int number)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var where = $"{source} line {number}";
        if (Fields(line, where) is { } fields)
        {
            batch.Add(fields);
        }
        else
        {
            batch.Reject(new RecordError(where, "?", "line", "not a JSON object"));
        }
    }

    /// <summary>The fields of one line, or null when the line is not a JSON object.</summary>
    public static RegistrationFields? Fields(string line, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            List<(string, IReadOnlyList<string>?)>? loci = null;
            if (root.TryGetProperty("loci", out var lociElement) && lociElement.ValueKind == JsonValueKind.Object)
            {
                loci = [.. lociElement.EnumerateObject().Select(p => (p.Name, (IReadOnlyList<string>?)Alleles(p.Value)))];
            }

            return new RegistrationFields(where, Text(root, "id"), Text(root, "category"), Text(root, "caseId"), Text(root, "role"),
                Text(root, "province"), Text(root, "sex"), loci);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? Alleles(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var alleles = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String: alleles.Add(item.GetString()!); break;
                case JsonValueKind.Number: alleles.Add(item.GetRawText()); break;
                default: return null;
            }
        }

        return alleles;
    }
}
