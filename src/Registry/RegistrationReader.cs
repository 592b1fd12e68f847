using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// Reads registration JSON lines, one profile a line:
/// {"id", "category", "caseId", "role", "province", "sex", "loci": {"D3S1358": ["15", "16"], ...}}.
/// Every bad record becomes a <see cref="RecordError"/> naming the line, the record, the field and the reason;
/// the good records of the same batch are kept.
/// </summary>
public sealed class RegistrationReader(FrequencyTable frequencies, int minimumLoci = RegistrationReader.DefaultMinimumLoci)
{
    public const int DefaultMinimumLoci = 12;

    /// <summary>Reads every line; <paramref name="firstLine"/> numbers the first one (a file sent in parts keeps its numbers).</summary>
    public async Task<RegistrationBatch> ReadAsync(TextReader reader, string source, int firstLine = 1, CancellationToken cancellationToken = default)
    {
        var records = new List<ProfileRecord>();
        var errors = new List<RecordError>();
        var warnings = new List<string>();
        var seen = new Dictionary<string, ProfileRecord>(StringComparer.Ordinal);
        var singular = new Dictionary<(string Case, Role Role), string>();
        var number = firstLine - 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{source} line {number}";
            if (Parse(line, where, warnings) is not { } parsed)
            {
                continue;
            }

            if (parsed.Error is { } error)
            {
                errors.Add(error);
                continue;
            }

            var record = parsed.Record!;
            if (seen.TryGetValue(record.Id, out var earlier))
            {
                if (earlier.ContentHash != record.ContentHash)
                {
                    errors.Add(new RecordError(where, record.Id, "id", "the same id appears earlier in this batch with different content"));
                }

                continue;
            }

            if (record.Role is { } role && RoleNames.IsSingular(role))
            {
                if (singular.TryGetValue((record.CaseId!, role), out var holder))
                {
                    errors.Add(new RecordError(where, record.Id, "role",
                        $"case {record.CaseId} already has a {RoleNames.Name(role)} in this batch (profile {holder})"));
                    continue;
                }

                singular[(record.CaseId!, role)] = record.Id;
            }

            seen[record.Id] = record;
            records.Add(record);
        }

        return new RegistrationBatch(records, errors, warnings);
    }

    private (ProfileRecord? Record, RecordError? Error)? Parse(string line, string where, List<string> warnings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return (null, new RecordError(where, "?", "line", $"not a JSON object: {e.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, new RecordError(where, "?", "line", "not a JSON object"));
            }

            var id = Text(root, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                return (null, new RecordError(where, "?", "id", "missing; every profile needs the registry's id"));
            }

            id = id.Trim();
            RecordError Fail(string field, string reason) => new(where, id, field, reason);

            if (!ProfileCategoryNames.TryParse(Text(root, "category"), out var category))
            {
                return (null, Fail("category", $"'{Text(root, "category")}' is not {ProfileCategoryNames.FamilyReference} or {ProfileCategoryNames.UnknownParentage}"));
            }

            var caseId = Text(root, "caseId")?.Trim();
            var roleName = Text(root, "role")?.Trim();
            Role? role = null;
            if (category == ProfileCategory.FamilyReference)
            {
                if (string.IsNullOrEmpty(caseId))
                {
                    return (null, Fail("caseId", "a family reference needs the case it belongs to"));
                }

                if (string.IsNullOrEmpty(roleName))
                {
                    return (null, Fail("role", "a family reference needs its role in the case (father, mother, full-sibling, ...)"));
                }

                if (!RoleNames.TryParse(roleName, out var parsedRole))
                {
                    return (null, Fail("role", $"unknown role '{roleName}'; one of {string.Join(", ", RoleNames.All)}"));
                }

                role = parsedRole;
            }
            else if (!string.IsNullOrEmpty(caseId) || !string.IsNullOrEmpty(roleName))
            {
                return (null, Fail(string.IsNullOrEmpty(caseId) ? "role" : "caseId", "only a family reference has a case and a role"));
            }

            var province = Text(root, "province")?.Trim();
            if (string.IsNullOrEmpty(province))
            {
                return (null, Fail("province", "missing; every profile belongs to the office of a province"));
            }

            if (!root.TryGetProperty("loci", out var lociElement) || lociElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Fail("loci", "missing; an object of locus name to its one or two alleles"));
            }

            var loci = new Dictionary<string, Genotype>(StringComparer.Ordinal);
            Sex? amelogeninSex = null;
            foreach (var property in lociElement.EnumerateObject())
            {
                var field = $"loci.{property.Name}";
                var locus = LocusName.TryCanonical(property.Name);
                if (locus is null)
                {
                    return (null, Fail(field, $"unknown locus '{property.Name}'"));
                }

                if (Alleles(property.Value) is not { } alleles)
                {
                    return (null, Fail(field, "alleles must be an array of one or two allele labels, such as [\"15\", \"16.3\"]"));
                }

                if (locus == LocusName.Amelogenin)
                {
                    amelogeninSex = alleles.Any(a => a.Trim().Equals("Y", StringComparison.OrdinalIgnoreCase)) ? Sex.Male : Sex.Female;
                    continue;
                }

                if (alleles.Count is 0)
                {
                    return (null, Fail(field, "no alleles; leave an untyped locus out"));
                }

                if (alleles.Count > 2)
                {
                    return (null, Fail(field, $"{alleles.Count} alleles at an autosomal locus; a person has at most two"));
                }

                if (alleles.FirstOrDefault(a => !AlleleLabel.IsWellFormed(a)) is { } malformed)
                {
                    return (null, Fail(field, $"'{malformed}' is not an allele label (a repeat number such as 9.3, or OL)"));
                }

                if (loci.ContainsKey(locus))
                {
                    return (null, Fail(field, $"locus {locus} is given twice"));
                }

                var genotype = Genotype.Of(alleles[0], alleles[^1]);
                loci[locus] = genotype;
                if (frequencies[locus] is { } table)
                {
                    foreach (var allele in new[] { genotype.First, genotype.Second }.Distinct())
                    {
                        if (table.IndexOf(allele) < 0)
                        {
                            warnings.Add($"{where}, record {id}, {field}: allele {allele} is not in the frequency table; it is given the minimum frequency");
                        }
                    }
                }
            }

            var sexText = Text(root, "sex")?.Trim();
            Sex sex;
            switch (sexText)
            {
                case "M" or "m": sex = Sex.Male; break;
                case "F" or "f": sex = Sex.Female; break;
                case null or "" when amelogeninSex is { } fromAmelogenin: sex = fromAmelogenin; break;
                default: return (null, Fail("sex", $"'{sexText}' is not M or F"));
            }

            var kinshipLoci = loci.Keys.Count(l => frequencies[l] is not null);
            if (kinshipLoci < minimumLoci)
            {
                return (null, Fail("loci", $"{kinshipLoci} loci of the frequency table typed; at least {minimumLoci} are needed for a search"));
            }

            return (new ProfileRecord(id, category, caseId, role, province, sex, loci), null);
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
