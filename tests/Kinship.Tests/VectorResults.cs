using System.Text.Json;

namespace Matching.Kinship.Tests;

/// <summary>The combined LR of every case of a vector file, by case id, as the independent implementation gave it.</summary>
internal static class VectorResults
{
    public static Dictionary<string, double> Read(string name)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(SharedData.Path("vectors", name + ".expected.json")));
        return expected.RootElement.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("lr").GetDouble(), StringComparer.Ordinal);
    }
}
