using System.Buffers;
using System.Text;
using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>A profile's loci as the database keeps them: {"D3S1358": ["15", "16"], ...}, loci in ordinal order.</summary>
public static class LociJson
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static string Write(IReadOnlyDictionary<string, Genotype> loci) => Write(ProfileRecord.Sort(loci));

    /// <summary>Written straight to UTF-8, without a dictionary per profile: a bulk import writes one per record.</summary>
    public static string Write(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, genotype) in sortedLoci)
            {
                json.WriteStartArray(name);
                json.WriteStringValue(genotype.First);
                json.WriteStringValue(genotype.Second);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, Genotype> Read(string json)
    {
        var raw = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];
        return raw.ToDictionary(l => l.Key, l => Genotype.Of(l.Value[0], l.Value[^1]), StringComparer.Ordinal);
    }
}
