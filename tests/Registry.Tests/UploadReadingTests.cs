using System.Text;

namespace Matching.Registry.Tests;

/// <summary>
/// An upload is read as UTF-8 bytes, a batch at a time; a file read through a TextReader is the reference: the same
/// records, errors and warnings, whatever the line endings, byte-order mark, bad bytes or where the reads fall.
/// </summary>
public sealed class UploadReadingTests
{
    private static readonly Families People = new(21);

    [Fact]
    public async Task An_upload_read_as_bytes_gives_what_a_text_reader_gives()
    {
        var random = new Random(2026);
        var long80k = Families.Unknown("P-LONG", 'M', People.Person()).Replace("{\"id\"", $"{{\"note\":\"{new string('n', 80_000)}\",\"id\"");
        string[] pieces =
        [
            Families.Unknown("P-1", 'F', People.Person()), Families.Unknown("P-2", 'M', People.Person()),
            Families.Reference("R-1", "C-1", "father", 'M', People.Person()), Families.Reference("R-2", "C-1", "father", 'M', People.Person()),
            Families.Unknown("P-1", 'F', People.Person()), "not json", "{}", "", "   \t", "\u00a0", "\u001f", "{\"id\":\"Ünïcødé\"}",
            Families.Unknown("P-3", 'F', People.Person(), province: "Hénan"), long80k,
        ];
        string[] endings = ["\n", "\r\n", "\r"];
        for (var trial = 0; trial < 400; trial++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 30); i > 0; i--)
            {
                text.Append(pieces[random.Next(pieces.Length)]).Append(endings[random.Next(endings.Length)]);
            }

            if (random.Next(3) == 0)
            {
                text.Length -= text[^1] == '\n' && text.Length > 1 && text[^2] == '\r' ? 2 : 1; // no ending after the last line
            }

            var bytes = Encode(text.ToString(), random.Next(4));
            if (random.Next(4) == 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)(0x80 + random.Next(0x80)); // a bad byte, most often
            }

            var expected = await new RegistrationReader(Families.Table).ReadAsync(new StreamReader(new MemoryStream(bytes), Encoding.UTF8), "up.jsonl");
            var batches = new List<RegistrationBatch>();
            await foreach (var batch in new RegistrationReader(Families.Table).ReadBatchesAsync(new Trickle(bytes, random), "up.jsonl", 10_000))
            {
                batches.Add(batch);
            }

            Assert.True(Describe(expected).SequenceEqual(batches.SelectMany(Describe)), $"{Convert.ToHexString(bytes[..Math.Min(60, bytes.Length)])}: {string.Join(" / ", Describe(expected))} // {string.Join(" / ", batches.SelectMany(Describe))}");
        }
    }

    [Fact]
    public async Task Batches_hold_the_lines_given_and_number_them_across_batches()
    {
        var lines = Enumerable.Range(1, 7).Select(i => i % 3 == 0 ? "{}" : Families.Unknown($"P-{i}", 'F', People.Person())).Append("");
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));

        var batches = new List<RegistrationBatch>();
        await foreach (var batch in new RegistrationReader(Families.Table).ReadBatchesAsync(new MemoryStream(bytes), "up.jsonl", batchLines: 3))
        {
            batches.Add(batch);
        }

        Assert.Equal([2, 2, 1], batches.Select(b => b.Records.Count));
        Assert.Equal(["up.jsonl line 3", "up.jsonl line 6"], batches.SelectMany(b => b.Errors).Select(e => e.Source));
        Assert.Equal(["P-1", "P-2", "P-4", "P-5", "P-7"], batches.SelectMany(b => b.Records).Select(r => r.Id));
    }

    [Fact]
    public async Task A_line_too_long_to_hold_is_an_error_and_the_lines_after_it_are_read()
    {
        var text = $"{Families.Unknown("P-1", 'F', People.Person())}\n{{\"id\":\"{new string('x', 300_000)}\"}}\r\n{Families.Unknown("P-2", 'M', People.Person())}";

        var batches = new List<RegistrationBatch>();
        await foreach (var batch in new RegistrationReader(Families.Table).ReadBatchesAsync(
            new Trickle(Encoding.UTF8.GetBytes(text), new Random(5)), "up.jsonl", 1000, longestLine: 100_000))
        {
            batches.Add(batch);
        }

        var read = Assert.Single(batches);
        Assert.Equal(["P-1", "P-2"], read.Records.Select(r => r.Id));
        var error = Assert.Single(read.Errors);
        Assert.Equal(("up.jsonl line 2", "line"), (error.Source, error.Field));
        Assert.Contains("longer than 97 kB", error.Reason, StringComparison.Ordinal);
    }

    /// <summary>UTF-8 without or with its mark, or UTF-16 little- or big-endian with theirs.</summary>
    private static byte[] Encode(string text, int encoding) => encoding switch
    {
        0 => Encoding.UTF8.GetBytes(text),
        1 => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        2 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
    };

    private static List<string> Describe(RegistrationBatch batch) =>
    [
        .. batch.Records.Select(r => $"record {r.Id} {r.ContentHash}"),
        .. batch.Errors.Select(e => $"error {e}"),
        .. batch.Warnings.Select(w => $"warning {w}"),
    ];

    /// <summary>An upload that arrives a few bytes to a few kB at a time, as a network gives it.</summary>
    private sealed class Trickle(byte[] bytes, Random random) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + random.Next(4096)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1 + random.Next(4096))], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1 + random.Next(4096)), cancellationToken);
    }
}
