using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Client.Commands;

namespace Matching.Registry.Tests;

/// <summary>
/// One import path: `matching import` streams every lab file to POST /api/imports, whose silo judges it with its own
/// rules (here 10 loci at least, where the shipped default is 12); the endpoint tells formats apart by their content
/// where the declared type says nothing, and commits batches that share an id in the file's order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportPathTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(1016);
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "imports", o => (o.MinimumLoci, o.ImportBatch) = (10, 2));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<(int Exit, string Output, string Error)> Import(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await MatchingCommand.RunAsync(["import", .. args, "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Temp(string extension, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    [Fact]
    public async Task A_CMF_file_is_committed_batch_by_batch_while_it_is_still_arriving()
    {
        var specimens = Enumerable.Range(0, 7).Select(i => ($"CMF-S{i}", "Unidentified Person", (string?)null, (string?)"X,Y")).ToArray();
        var xml = Encoding.UTF8.GetBytes(LabFiles.Cmf(specimens));
        // The upload stops after the fifth specimen until the first are in the registry: a reader that held the file
        // whole would commit nothing before its end, and this import would never finish.
        var fifthEnd = Encoding.UTF8.GetString(xml).Split("</SPECIMEN>").Take(5).Sum(part => Encoding.UTF8.GetByteCount(part + "</SPECIMEN>"));
        var gate = new TaskCompletionSource();
        using var content = new StreamContent(new GatedStream(xml, fifthEnd, gate.Task));
        content.Headers.ContentType = new("application/xml");
        var import = _silo.Http.PostAsync("/api/imports", content);

        async Task<long> Persons() => (await _silo.Http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("profiles").GetProperty("unknown-parentage").GetInt64();
        for (var i = 0; i < 300 && await Persons() < 4; i++)
        {
            await Task.Delay(100);
        }

        Assert.False(import.IsCompleted);
        Assert.Equal(4, await Persons());
        gate.SetResult();
        using var response = await import;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(7, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
    }

    /// <summary>Bytes served up to <paramref name="gateAt"/>, then the rest only once <paramref name="open"/> completes.</summary>
    private sealed class GatedStream(byte[] bytes, int gateAt, Task open) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == gateAt)
            {
                await open.WaitAsync(cancellationToken);
            }

            var end = _position < gateAt ? gateAt : bytes.Length;
            var count = Math.Min(buffer.Length, end - _position);
            bytes.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task A_CMF_file_without_sex_or_Amelogenin_is_judged_by_the_silos_rules_not_the_clients()
    {
        // 11 loci: under the silo's minimum of 10, over the client's old default of 12.
        var xml = Temp(".xml", LabFiles.Cmf(LabFiles.SyntheticLoci(11),
            ("CMF-M", "Biological Mother", "CASE-CMF", null), ("CMF-U", "Unidentified Person", null, null)));
        try
        {
            var (exit, output, error) = await Import(xml);
            Assert.True(exit == 0, error);
            Assert.Contains("created 2, corrected 0, unchanged 0, rejected 0", output, StringComparison.Ordinal);
            var mother = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/profiles/CMF-M");
            var person = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/profiles/CMF-U");
            Assert.Equal(("F", "U"), (mother.GetProperty("sex").GetString(), person.GetProperty("sex").GetString()));
        }
        finally
        {
            File.Delete(xml);
        }
    }

    [Fact]
    public async Task A_GeneMapper_table_is_read_as_CSV_is_written_and_its_errors_name_the_sample()
    {
        var loci = LabFiles.SyntheticLoci(12);
        string Rows(string sample) => string.Join("\r\n", loci.Select((l, i) => $"\"{sample}\",{l},\"{10 + (i % 3)}\",{11 + (i % 2)},\"plate 7, well A{i}\""));
        // A BOM, CRLF, quoted fields with commas; the manifest without sex, caseId or role columns, naming S3 twice.
        var table = Temp(".csv", "Sample Name,Marker,Allele 1,Allele 2,Comment\r\n" + Rows("S1, left") + "\r\n" + Rows("S2") + "\r\n" + Rows("S3") + "\r\n");
        var manifest = Temp(".csv", "\"sampleName\",id,category,province\r\n\"S1, left\",GM-1,unknown-parentage,\"Sichuan, Chengdu\"\r\n" +
            "S2,GM-2,unknown-parentage,Sichuan\r\nS3,GM-3,unknown-parentage,Sichuan\r\nS3,GM-4,unknown-parentage,Sichuan\r\n");
        var report = Path.ChangeExtension(table, ".report.jsonl");
        try
        {
            var (exit, output, error) = await Import(table, "--manifest", manifest, "--report", report);
            Assert.Equal(ImportCommand.SomeRejected, exit);
            Assert.Contains("created 2, corrected 0, unchanged 0, rejected 1", output, StringComparison.Ordinal);
            var rejected = JsonDocument.Parse(File.ReadLines(report).First()).RootElement;
            Assert.Equal(("S3", "sampleName"), (rejected.GetProperty("record").GetString(), rejected.GetProperty("field").GetString()));
            Assert.Contains("Sample Name S3", rejected.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.Contains("on lines 4 and 5", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
            var first = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/profiles/GM-1");
            Assert.Equal("Sichuan, Chengdu", first.GetProperty("province").GetString());
            Assert.Equal(loci.Length, first.GetProperty("loci").EnumerateObject().Count());
        }
        finally
        {
            File.Delete(table);
            File.Delete(manifest);
            File.Delete(report);
        }
    }

    [Fact]
    public async Task A_locus_the_table_lacks_and_an_unseen_allele_are_warned_of_and_the_import_prints_them()
    {
        var lines = Enumerable.Range(0, 3).Select(i =>
            Families.Unknown($"W-{i}", 'F', _people.Person()).Replace("\"loci\":{", "\"loci\":{\"F13A01\":[\"5\",\"6\"],\"Penta C\":[\"9\",\"11\"],"));
        var file = Temp(".jsonl", string.Join('\n', lines));
        var report = Path.ChangeExtension(file, ".report.jsonl");
        try
        {
            var (exit, output, error) = await Import(file, "--report", report);
            Assert.True(exit == 0, error);
            Assert.Contains("2 warnings", error, StringComparison.Ordinal);
            Assert.Contains("locus F13A01 is not in the frequency table", error, StringComparison.Ordinal);
            var warnings = File.ReadAllLines(report).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("warning").GetString()!).ToList();
            Assert.Equal(2, warnings.Count); // once per locus in the import, not once per record
            Assert.Contains(warnings, w => w.Contains("locus Penta C", StringComparison.Ordinal));
            var stored = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/profiles/W-2");
            Assert.True(stored.GetProperty("loci").TryGetProperty("F13A01", out _), "the locus is stored all the same");
        }
        finally
        {
            File.Delete(file);
            File.Delete(report);
        }
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "jsonl")] // curl -d @file
    [InlineData("text/csv", "cmf")]
    [InlineData(null, "jsonl")]
    [InlineData("application/octet-stream", "cmf")]
    public async Task An_upload_whose_type_says_nothing_is_read_by_its_content(string? contentType, string format)
    {
        var id = $"SNIFF-{contentType?.Length ?? 0}-{format}";
        var body = format == "jsonl"
            ? Families.Unknown(id, 'M', _people.Person())
            : LabFiles.Cmf((id, "Unidentified Person", null, "X,Y"));
        using var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(format == "jsonl" ? "\n  " + body : body)]);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        using var response = await _silo.Http.PostAsync("/api/imports", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var import = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, import.GetProperty("created").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync($"/api/profiles/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_type_the_endpoints_cannot_read_is_refused_with_415()
    {
        using var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _silo.Http.PostAsync("/api/imports", png)).StatusCode);

        using var neither = new StringContent("Sample Name,Marker,Allele 1\nS1,TH01,6\n", Encoding.UTF8, "text/plain");
        var refused = await _silo.Http.PostAsync("/api/imports", neither);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Contains("multipart/form-data", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var form = new MultipartFormDataContent { { new StringContent(Families.Unknown("FORM-1", 'M', _people.Person())), "file", "a.jsonl" } };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _silo.Http.PostAsync("/api/profiles", form)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/api/profiles/FORM-1")).StatusCode);
    }

    [Fact]
    public async Task Batches_that_touch_the_same_id_commit_in_the_files_order()
    {
        // Batches of two: X is registered at the end of one batch and corrected at the start of the next, many times.
        var lines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            lines.Add(Families.Unknown($"O-{i}", 'M', _people.Person()));
            lines.Add(Families.Unknown("O-X", 'M', _people.Person(), province: $"P{i}a"));
            lines.Add(Families.Unknown("O-X", 'M', _people.Person(), province: $"P{i}b"));
            lines.Add(Families.Unknown($"O-{i}-b", 'M', _people.Person()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports") { Content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Add("X-Matching-Reason", "re-sent");
        using var response = await _silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/profiles/O-X");
        Assert.Equal("P19b", stored.GetProperty("province").GetString());
        Assert.Equal(40, stored.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_registration_returns_its_searches_and_each_is_read_from_the_database()
    {
        using var response = await _silo.Http.PostAsync("/api/profiles",
            new StringContent(Families.Unknown("S-1", 'F', _people.Person()), Encoding.UTF8, "application/x-ndjson"));
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = Assert.Single(reply.GetProperty("searchIds").EnumerateArray()).GetInt64();
        await _silo.SettleAsync();

        var search = await _silo.Http.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        Assert.Equal(("person", "S-1", true, false), (search.GetProperty("kind").GetString(), search.GetProperty("subjectId").GetString(),
            search.GetProperty("completed").GetBoolean(), search.GetProperty("parked").GetBoolean()));
        Assert.True(search.GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync($"/api/searches/{id + 1000}")).StatusCode);
        var stats = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(0, stats.GetProperty("parkedSearches").GetInt64());
    }
}
