using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Formats;

/// <summary>A profile as a registration JSON line: what a lab file becomes before it is sent to a registry.</summary>
public static class RegistrationWriter
{
    public static string Line(ProfileRecord record)
    {
        var line = new Dictionary<string, object?>
        {
            ["id"] = record.Id,
            ["category"] = ProfileCategoryNames.Name(record.Category),
        };
        if (record.CaseId is not null)
        {
            line["caseId"] = record.CaseId;
            line["role"] = record.Role is { } role ? RoleNames.Name(role) : null;
        }

        line["province"] = record.Province;
        line["sex"] = SexCodes.Text(record.Sex);
        line["loci"] = record.Loci.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second });
        return JsonSerializer.Serialize(line);
    }
}
