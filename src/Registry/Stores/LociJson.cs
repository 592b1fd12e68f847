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

    [ThreadStatic]
    private static StringBuilder? _text;

    public static string Write(IReadOnlyDictionary<string, Genotype> loci) => Write(ProfileRecord.Sort(loci));

    /// <summary>
    /// Written by hand where every name and allele is plain (letters, digits, '.', ' '), as the serializer would write
    /// it: a bulk import writes one per record, and the general writer cost more than the rest of the row.
    /// </summary>
    public static string Write(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci)
    {
        var text = (_text ??= new StringBuilder(1024)).Clear().Append('{');
        foreach (var (name, genotype) in sortedLoci)
        {
            if (!IsPlain(name) || !IsPlain(genotype.First) || !IsPlain(genotype.Second))
            {
                return Escaped(sortedLoci);
            }

            text.Append(text.Length > 1 ? ",\"" : "\"").Append(name).Append("\":[\"")
                .Append(genotype.First).Append("\",\"").Append(genotype.Second).Append("\"]");
        }

        return text.Append('}').ToString();
    }

    private static readonly SearchValues<char> Plain =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. ");

    private static bool IsPlain(string text) => !text.AsSpan().ContainsAnyExcept(Plain);

    private static string Escaped(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci)
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

    /// <summary>Read token by token: a bulk import reads back the references of every case it changes.</summary>
    public static Dictionary<string, Genotype> Read(string text)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var json = new Utf8JsonReader(bytes.AsSpan(0, Encoding.UTF8.GetBytes(text, bytes)));
            json.Read();
            var loci = new Dictionary<string, Genotype>(32, StringComparer.Ordinal);
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var name = json.GetString()!;
                json.Read();
                var (first, last) = ((string?)null, "");
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    last = json.GetString()!;
                    first ??= last;
                }

                loci[LocusName.AsCanonical(name) ?? name] = Genotype.Of(first!, last);
            }

            return loci;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
