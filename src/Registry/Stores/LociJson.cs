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

    public static string Write(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci) => Encoding.UTF8.GetString(Utf8(sortedLoci));

    /// <summary>
    /// The JSON as UTF-8, as COPY sends it. Written by hand where every name and allele is plain (letters, digits,
    /// '.', ' '), as the serializer would write it: a bulk import writes one per record, and the general writer cost
    /// more than the rest of the row.
    /// </summary>
    public static byte[] Utf8(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci)
    {
        // {"name":["first","second"],...}
        var length = 1;
        foreach (var (name, genotype) in sortedLoci)
        {
            length += name.Length + genotype.First.Length + genotype.Second.Length + 11;
        }

        var json = new byte[sortedLoci.IsEmpty ? 2 : length];
        var at = 0;
        json[at++] = (byte)'{';
        foreach (var (name, genotype) in sortedLoci)
        {
            if (at > 1)
            {
                json[at++] = (byte)',';
            }

            // The first text that is not plain sends the whole object to the serializer.
            json[at++] = (byte)'"';
            if (!Plain(name, json, ref at))
            {
                return Escaped(sortedLoci);
            }

            Append("\":[\""u8, json, ref at);
            if (!Plain(genotype.First, json, ref at))
            {
                return Escaped(sortedLoci);
            }

            Append("\",\""u8, json, ref at);
            if (!Plain(genotype.Second, json, ref at))
            {
                return Escaped(sortedLoci);
            }

            Append("\"]"u8, json, ref at);
        }

        json[at] = (byte)'}';
        return json;
    }

    private static void Append(ReadOnlySpan<byte> bytes, byte[] json, ref int at)
    {
        bytes.CopyTo(json.AsSpan(at));
        at += bytes.Length;
    }

    // Letters, digits, '.' and ' ': written as they are, as the serializer writes them.
    private static readonly bool[] PlainAscii =
        [.. Enumerable.Range(0, 128).Select(c => char.IsAsciiLetterOrDigit((char)c) || c is '.' or ' ')];

    /// <summary>Copies <paramref name="text"/> as ASCII when every character is plain; false (part written) when one is not.</summary>
    private static bool Plain(string text, byte[] json, ref int at)
    {
        foreach (var c in text)
        {
            if (c >= 128 || !PlainAscii[c])
            {
                return false;
            }

            json[at++] = (byte)c;
        }

        return true;
    }

    private static byte[] Escaped(ReadOnlySpan<KeyValuePair<string, Genotype>> sortedLoci)
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

        return buffer.WrittenSpan.ToArray();
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
