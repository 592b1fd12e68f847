using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>A profile's loci as the database keeps them: {"D3S1358": ["15", "16"], ...}.</summary>
public static class LociJson
{
    public static string Write(IReadOnlyDictionary<string, Genotype> loci) =>
        JsonSerializer.Serialize(loci.OrderBy(l => l.Key, StringComparer.Ordinal)
            .ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }));

    public static Dictionary<string, Genotype> Read(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];
        return raw.ToDictionary(l => l.Key, l => Genotype.Of(l.Value[0], l.Value[^1]), StringComparer.Ordinal);
    }
}
