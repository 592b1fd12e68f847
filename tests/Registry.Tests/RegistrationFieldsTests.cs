using System.Text.Json;
using Matching.Registry.Formats;

namespace Matching.Registry.Tests;

/// <summary>A registration line's fields, read token by token, against a reading of the whole JSON document.</summary>
public sealed class RegistrationFieldsTests
{
    [Fact]
    public void Good_mangled_and_odd_lines_read_as_the_whole_document_reads_them()
    {
        var people = new Families(12);
        var random = new Random(12);
        var lines = new List<string>
        {
            "", "[]", "null", "{}", "{\"id\":\"A\"} x", "{\"id\":\"A\"}{}", "{\"id\":1,\"sex\":[\"M\"],\"loci\":[]}",
            "{\"id\":\"A\",\"id\":\"B\",\"loci\":{\"TH01\":[6,\"9.3\"],\"FGA\":[\"20\",{\"x\":1}],\"vWA\":\"15\",\"CSF1PO\":[]}}",
            "{\"extra\":{\"deep\":[1,2,{\"a\":null}]},\"province\":\"Hunan\",\"loci\":{\"TPOX\":[true]}}",
            // Names and labels the reader shares rather than allocates, beside spellings it must read as written:
            // escaped, non-ASCII, longer than its buffer, empty, and numbers.
            "{\"loci\":{\"\\u0054H01\":[\"1\\u0035\",\"9.3\"],\"th01\":[\"ol\",\"OL\"],\"Penta E\":[\"\uFF11\uFF15\",\"\"]}}",
            "{\"loci\":{\"TH01\":[\"09\",\"0\",\"100\"],\"FGA\":[\"99.4\",\"5.3\",\"1.\",\".5\",\"0.3\"],\"vWA\":[7,7.0,10e1,\"7\"]}}",
            "{\"loci\":{\"D3S1358\":[15.3,16],\"FGA\":[\"1234567890123456789\",\"X\"],\"D3S1358 \":[\"99.3\",\"100\"],\"\":[\"Y\"]}}",
        };
        for (var i = 0; i < 400; i++)
        {
            var line = i % 2 == 0
                ? Families.Unknown($"P-{i}", 'F', people.Person())
                : Families.Reference($"R-{i}", $"C-{i}", "mother", 'F', people.Person());
            lines.Add(line);
            var chars = line.ToCharArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = "{}[]\",:0aZ \\"[random.Next(12)];
            }

            lines.Add(new string(chars));
            lines.Add(line[..random.Next(line.Length)]);
        }

        foreach (var line in lines)
        {
            Assert.Equal(Describe(Document(line)), Describe(RegistrationReader.Fields(line, "w")));
        }
    }

    /// <summary>The reading of issue 4's first sessions: the whole document, a field given twice counting as given last.</summary>
    private static RegistrationFields? Document(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var text = new Dictionary<string, string?>();
            List<(string, IReadOnlyList<string>?)>? loci = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "loci")
                {
                    loci = property.Value.ValueKind != JsonValueKind.Object ? null : [.. property.Value.EnumerateObject().Select(l => (l.Name, Alleles(l.Value)))];
                }
                else
                {
                    text[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
            }

            return new RegistrationFields("w", text.GetValueOrDefault("id"), text.GetValueOrDefault("category"), text.GetValueOrDefault("caseId"),
                text.GetValueOrDefault("role"), text.GetValueOrDefault("province"), text.GetValueOrDefault("sex"), loci);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string>? Alleles(JsonElement value) =>
        value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(a => a.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            ? null
            : [.. value.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : a.GetRawText())];

    private static string Describe(RegistrationFields? fields) => fields is null
        ? "not an object"
        : $"{fields.Id}|{fields.Category}|{fields.CaseId}|{fields.Role}|{fields.Province}|{fields.Sex}|" +
          (fields.Loci is null ? "no loci" : string.Join(";", fields.Loci.Select(l => $"{l.Locus}={(l.Alleles is null ? "?" : string.Join(",", l.Alleles))}")));
}
