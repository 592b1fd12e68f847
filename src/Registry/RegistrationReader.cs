using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Matching.Registry.Formats;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// Reads registration JSON lines, one profile a line:
/// {"id", "category", "caseId", "role", "province", "sex", "loci": {"D3S1358": ["15", "16"], ...}, "correctionReason"}.
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

    /// <summary>
    /// Reads an upload's lines as UTF-8 bytes as they arrive, <paramref name="batchLines"/> lines a batch: no string
    /// is made of a line, where decoding each and encoding it again for the JSON reader cost a bulk import measurably.
    /// Lines are numbered from 1 and end as a TextReader's do; one longer than <paramref name="longestLine"/> bytes is
    /// a per-record error, not held.
    /// </summary>
    public async IAsyncEnumerable<RegistrationBatch> ReadBatchesAsync(Stream upload, string source, int batchLines,
        int longestLine = Utf8LineReader.DefaultLongestLine, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lines = new Utf8LineReader(upload, longestLine);
        // One set of rules for the whole upload: a locus the table lacks is warned of once, not once a batch.
        var rules = new ProfileRules(frequencies, minimumLoci);
        var (batch, taken, number) = (new BatchCollector(rules), 0, 0);
        while (await lines.FillAsync(cancellationToken))
        {
            while (Take(lines, batch, source, batchLines - taken, longestLine, ref number) is var more && more > 0)
            {
                taken += more;
                if (taken == batchLines)
                {
                    yield return batch.Build();
                    (batch, taken) = (new BatchCollector(rules), 0);
                }
            }
        }

        if (taken > 0)
        {
            yield return batch.Build();
        }
    }

    /// <summary>Adds up to <paramref name="most"/> of the lines held to the batch; how many it took.</summary>
    private static int Take(Utf8LineReader lines, BatchCollector batch, string source, int most, int longestLine, ref int number)
    {
        var taken = 0;
        while (taken < most && lines.TryTake(out var line, out var tooLong))
        {
            (taken, number) = (taken + 1, number + 1);
            var start = line.IndexOfAnyExcept(AsciiWhitespace);
            if (tooLong)
            {
                batch.Reject(new RecordError($"{source} line {number}", "?", "line", $"longer than {longestLine / 1024:N0} kB; a registration line is a few kB"));
            }
            else if (start >= 0 && (line[start] >= 0x80 || !Utf8.IsValid(line)))
            {
                // Read as a TextReader reads it (a bad byte becomes U+FFFD, a line of Unicode spaces is blank), so
                // the record is named by what can be read of it.
                Add(batch, Encoding.UTF8.GetString(line), source, number);
            }
            else if (start >= 0)
            {
                Add(batch, line, $"{source} line {number}");
            }
        }

        return taken;
    }

    /// <summary>The ASCII characters <see cref="char.IsWhiteSpace(char)"/> counts: a line of only these is blank.</summary>
    private static readonly SearchValues<byte> AsciiWhitespace = SearchValues.Create("\t\n\v\f\r "u8);

    private static void Add(BatchCollector batch, string line, string source, int number)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            var where = $"{source} line {number}";
            if (Fields(line, where) is { } fields)
            {
                batch.Add(fields);
            }
            else
            {
                batch.Reject(NotAnObject(Encoding.UTF8.GetBytes(line), where));
            }
        }
    }

    private static void Add(BatchCollector batch, ReadOnlySpan<byte> line, string where)
    {
        if (Fields(line, where) is { } fields)
        {
            batch.Add(fields);
        }
        else
        {
            batch.Reject(NotAnObject(line, where));
        }
    }

    /// <summary>Why a line is no registration; objects run together on one line are what `curl -d @FILE` sends.</summary>
    private static RecordError NotAnObject(ReadOnlySpan<byte> line, string where)
    {
        var objects = 0;
        try
        {
            var json = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = true });
            while (json.Read() && json.TokenType == JsonTokenType.StartObject)
            {
                json.Skip();
                objects++;
            }
        }
        catch (JsonException)
        {
            // Counted as far as it reads.
        }

        return new RecordError(where, "?", "line", objects > 1
            ? $"{objects} JSON objects on one line; each registration goes on a line of its own (curl -d strips line breaks: send a file with --data-binary @FILE)"
            : "not a JSON object");
    }

    /// <summary>The fields of one line, or null when the line is not a JSON object.</summary>
    public static RegistrationFields? Fields(string line, string where)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length));
        try
        {
            return Fields(bytes.AsSpan(0, Encoding.UTF8.GetBytes(line, bytes)), where);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// The fields of one line of UTF-8, or null when the line is not a JSON object. Read token by token (a bulk import
    /// reads millions of lines, and a document per line cost more than the rules); a field given twice counts as given last.
    /// </summary>
    public static RegistrationFields? Fields(ReadOnlySpan<byte> line, string where)
    {
        try
        {
            var json = new Utf8JsonReader(line);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? id = null, category = null, caseId = null, role = null, province = null, sex = null, reason = null;
            List<(string, IReadOnlyList<string>?)>? loci = null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var name = json.GetString();
                json.Read();
                switch (name)
                {
                    case "id": id = Text(ref json); break;
                    case "category": category = Text(ref json); break;
                    case "caseId": caseId = Text(ref json); break;
                    case "role": role = Text(ref json); break;
                    case "province": province = Text(ref json); break;
                    case "sex": sex = Text(ref json); break;
                    case "loci": loci = Loci(ref json); break;
                    case "correctionReason": reason = Text(ref json); break;
                    default: json.Skip(); break;
                }
            }

            // The object's end, then nothing but whitespace: anything after it throws.
            return json.Read() ? null : new RegistrationFields(where, id, category, caseId, role, province, sex, loci) { CorrectionReason = reason };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string value, or null for any other (an object or array skipped whole).</summary>
    private static string? Text(ref Utf8JsonReader json)
    {
        if (json.TokenType == JsonTokenType.String)
        {
            return json.GetString();
        }

        json.Skip();
        return null;
    }

    /// <summary>Locus name to its alleles (null where they are not a list of strings or numbers); null when not an object.</summary>
    private static List<(string, IReadOnlyList<string>?)>? Loci(ref Utf8JsonReader json)
    {
        if (json.TokenType != JsonTokenType.StartObject)
        {
            json.Skip();
            return null;
        }

        var loci = new List<(string, IReadOnlyList<string>?)>(24);
        Span<char> text = stackalloc char[ShortText];
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var length = Short(ref json, text);
            var locus = (length >= 0 ? LocusName.AsCanonical(text[..length]) : null) ?? json.GetString()!;
            json.Read();
            loci.Add((locus, Alleles(ref json)));
        }

        return loci;
    }

    private const int ShortText = 16;

    // The labels nearly every allele is spelled with (AlleleLabel.CommonCode): shared, not a new string for each of
    // the tens of alleles of every line of a bulk import.
    private static readonly string[] CommonLabels =
        [.. Enumerable.Range(0, AlleleLabel.CommonCodes).Select(i => i < 4 ? "" : i % 4 == 0 ? $"{i / 4}" : $"{i / 4}.{i % 4}")];

    /// <summary>The shared string of a token spelled exactly as a common label (not escaped, no leading zero), else null.</summary>
    private static string? CommonLabel(ReadOnlySpan<byte> token) => AlleleLabel.CommonCode(token) is >= 0 and var code ? CommonLabels[code] : null;

    /// <summary>Copies a short unescaped ASCII token into <paramref name="text"/> and gives its length; -1 for any other.</summary>
    private static int Short(ref Utf8JsonReader json, scoped Span<char> text)
    {
        var bytes = json.ValueSpan;
        if (json.ValueIsEscaped || bytes.Length > text.Length)
        {
            return -1;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] >= 0x80)
            {
                return -1;
            }

            text[i] = (char)bytes[i];
        }

        return bytes.Length;
    }

    private static string[]? Alleles(ref Utf8JsonReader json)
    {
        if (json.TokenType != JsonTokenType.StartArray)
        {
            json.Skip();
            return null;
        }

        // An exact array, not a list: a profile has tens of loci, nearly all of them with two alleles.
        string? first = null, second = null;
        List<string>? more = null;
        var wellFormed = true;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            switch (json.TokenType)
            {
                case JsonTokenType.String or JsonTokenType.Number:
                    var allele = CommonLabel(json.ValueSpan)
                        ?? (json.TokenType == JsonTokenType.String ? json.GetString()! : Encoding.UTF8.GetString(json.ValueSpan));
                    if (first is null)
                    {
                        first = allele;
                    }
                    else if (second is null)
                    {
                        second = allele;
                    }
                    else
                    {
                        (more ??= []).Add(allele);
                    }

                    break;
                default: wellFormed = false; json.Skip(); break;
            }
        }

        return !wellFormed ? null
            : first is null ? []
            : second is null ? [first]
            : more is null ? [first, second]
            : [first, second, .. more];
    }
}
