using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Client.Commands;
using Matching.Grains;
using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>The silo as a user runs it: HTTP API and `matching` commands against one silo on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(5080);
    private SiloUnderTest _silo = null!;

    private HttpClient _http => _silo.Http;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "api");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private Task<JsonElement> Post(params string[] lines) => _silo.PostAsync(lines);

    private Task Settle() => _silo.SettleAsync();

    [Fact]
    public async Task A_batch_keeps_its_good_records_and_reports_each_bad_one()
    {
        var mother = _people.Person();
        var child = _people.Child(_people.Person(), mother);
        var reply = await Post(
            Families.Reference("M-1", "CASE-1", "mother", 'F', mother),
            "{\"id\":\"BAD-1\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"6\",\"7\",\"8\"]}}",
            Families.Unknown("U-1", 'M', child));

        Assert.Equal(2, reply.GetProperty("created").GetInt32());
        Assert.Equal(1, reply.GetProperty("rejected").GetInt32());
        var error = Assert.Single(reply.GetProperty("errors").EnumerateArray());
        Assert.Equal(("upload line 2", "BAD-1", "loci.TH01"), (error.GetProperty("source").GetString(), error.GetProperty("record").GetString(), error.GetProperty("field").GetString()));
        await Settle();

        var stats = await _http.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(1, stats.GetProperty("profiles").GetProperty("family-reference").GetInt64());
        Assert.Equal(1, stats.GetProperty("profiles").GetProperty("unknown-parentage").GetInt64());
        Assert.Equal((1L, 1L, 0L), (stats.GetProperty("cases").GetInt64(), stats.GetProperty("matches").GetInt64(), stats.GetProperty("pendingSearches").GetInt64()));

        var matches = await _http.GetFromJsonAsync<JsonElement>("/api/profiles/U-1/matches");
        var match = Assert.Single(matches.GetProperty("matches").EnumerateArray());
        var expected = Families.Duo(mother, child);
        Assert.Equal(expected, match.GetProperty("lr").GetDouble(), expected * 1e-9);
        Assert.Equal(Math.Log10(expected), match.GetProperty("log10Lr").GetDouble(), 9);
        Assert.Equal(1, match.GetProperty("rank").GetInt32());

        var profile = await _http.GetFromJsonAsync<JsonElement>("/api/profiles/M-1");
        Assert.Equal(("CASE-1", "mother", 1), (profile.GetProperty("caseId").GetString(), profile.GetProperty("role").GetString(), profile.GetProperty("version").GetInt32()));
        Assert.Equal(mother.Count, profile.GetProperty("loci").EnumerateObject().Count());
        Assert.All(mother, l => Assert.Equal([l.Value.First, l.Value.Second],
            profile.GetProperty("loci").GetProperty(l.Key).EnumerateArray().Select(a => a.GetString())));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/profiles/NOBODY")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Every_read_of_a_match_is_audited_with_the_verified_caller_that_read_it()
    {
        var (id, key) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var office = _silo.ClientWith(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cases/CASE-9/matches");
        // What a request says of itself is not taken: the office is the key's.
        request.Headers.Add("X-Matching-Office", "Henan provincial office");
        (await office.SendAsync(request)).EnsureSuccessStatusCode();

        await using var database = new Database.RegistryDatabase(_silo.Options.ConnectionString!);
        await using var command = database.DataSource.CreateCommand(
            "SELECT subject, role, office, provinces, action, ids, outcome FROM registry.audit_log ORDER BY id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(($"key {id}", "provincial-office", "provincial-office Sichuan", "Sichuan", "read-matches", 200),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(6)));
        Assert.Equal(["CASE-9"], reader.GetFieldValue<string[]>(5));
    }

    [Fact]
    public async Task Matching_import_and_matches_work_against_the_silo()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        var child = _people.Child(father, mother);
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.jsonl");
        var report = Path.ChangeExtension(file, ".errors.jsonl");
        await File.WriteAllLinesAsync(file, [
            Families.Reference("F-7", "CASE-7", "father", 'M', father),
            Families.Reference("M-7", "CASE-7", "mother", 'F', mother),
            Families.Reference("F-7b", "CASE-7", "father", 'M', _people.Person()),
            Families.Unknown("U-7", 'F', child),
        ]);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await MatchingCommand.RunAsync(["import", file, "--server", _silo.Host.Url, "--key", _silo.AdminKey, "--report", report], output, error);

            Assert.Equal(ImportCommand.SomeRejected, exit);
            Assert.Contains("created 3, corrected 0, unchanged 0, rejected 1", output.ToString(), StringComparison.Ordinal);
            var rejected = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(report))).RootElement;
            Assert.Equal(("F-7b", "role"), (rejected.GetProperty("record").GetString(), rejected.GetProperty("field").GetString()));
            await Settle();

            var lines = new StringWriter();
            Assert.Equal(0, await MatchingCommand.RunAsync(["matches", "--case", "CASE-7", "--format", "jsonl", "--server", _silo.Host.Url, "--key", _silo.AdminKey], lines, error));
            var match = JsonDocument.Parse(lines.ToString().Trim()).RootElement;
            Assert.Equal(("U-7", "CASE-7", 1), (match.GetProperty("profileId").GetString(), match.GetProperty("caseId").GetString(), match.GetProperty("rank").GetInt32()));
            var expected = Families.Trio(father, mother, child);
            Assert.Equal(expected, match.GetProperty("lr").GetDouble(), expected * 1e-9);

            var table = new StringWriter();
            Assert.Equal(0, await MatchingCommand.RunAsync(["matches", "--all", "--min-lr", "1e300", "--server", _silo.Host.Url, "--key", _silo.AdminKey], table, error));
            Assert.Contains("no matches", table.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Matching_import_waits_for_the_searches_its_file_owes_and_the_report_counts_them()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.jsonl");
        // Two cases and forty persons: a person owes its own search, a case one for all the references it gained.
        await File.WriteAllLinesAsync(file, [
            Families.Reference("F-W1", "CASE-W1", "father", 'M', father), Families.Reference("M-W1", "CASE-W1", "mother", 'F', mother),
            Families.Reference("F-W2", "CASE-W2", "father", 'M', _people.Person()),
            Families.Unknown("C-W1", 'F', _people.Child(father, mother)),
            .. Enumerable.Range(1, 39).Select(i => Families.Unknown($"U-W{i}", i % 2 == 0 ? 'F' : 'M', _people.Person())),
        ]);
        try
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            var exit = await MatchingCommand.RunAsync(["import", file, "--wait", "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, error);

            Assert.Equal(0, exit);
            Assert.Contains("searches: 42 owed, all done", output.ToString(), StringComparison.Ordinal);
            // Returned only once nothing it waited on was pending: the registry has no search left, and the child is found.
            Assert.Equal(0, (await _silo.Http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64());
            var id = long.Parse(System.Text.RegularExpressions.Regex.Match(error.ToString(), @"import (\d+),").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var searches = (await _silo.Http.GetFromJsonAsync<JsonElement>($"/api/imports/{id}")).GetProperty("searches");
            Assert.Equal((42L, 42L, 0L, 0L), (searches.GetProperty("owed").GetInt64(), searches.GetProperty("done").GetInt64(),
                searches.GetProperty("pending").GetInt64(), searches.GetProperty("waitingOn").GetInt64()));
            Assert.Equal("C-W1", (await _silo.Http.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W1/matches")).GetProperty("matches")[0].GetProperty("profileId").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Matching_import_registers_the_NIST_GeneMapper_table_with_its_manifest()
    {
        var table = Kinship.Tests.SharedData.Path("data", "genotypes", "nist1036-genotypes.csv");
        var samples = (await File.ReadAllLinesAsync(table)).Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        var manifest = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.csv");
        // The first sample is left out of the manifest: one per-record error, the rest registered.
        await File.WriteAllLinesAsync(manifest, ["sampleName,id,category,caseId,role,province,sex",
            .. samples.Skip(1).Select((s, i) => $"{s},NIST-{s},unknown-parentage,,,Maryland,{(i % 2 == 0 ? "M" : "F")}")]);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await MatchingCommand.RunAsync(["import", table, "--manifest", manifest, "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, error);

            Assert.Equal(ImportCommand.SomeRejected, exit);
            Assert.Contains("created 1035, corrected 0, unchanged 0, rejected 1", output.ToString(), StringComparison.Ordinal);
            Assert.Contains($"record {samples[0]}, sampleName: the sample has no row in the sample manifest", error.ToString(), StringComparison.Ordinal);
            await Settle();
            var stats = await _http.GetFromJsonAsync<JsonElement>("/api/stats");
            Assert.Equal(1035, stats.GetProperty("profiles").GetProperty("unknown-parentage").GetInt64());

            var again = new StringWriter();
            await MatchingCommand.RunAsync(["import", table, "--manifest", manifest, "--server", _silo.Host.Url, "--key", _silo.AdminKey], again, error);
            Assert.Contains("created 0, corrected 0, unchanged 1035", again.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Fact]
    public async Task A_person_registered_twice_is_flagged_as_a_possible_duplicate_and_the_read_is_audited()
    {
        var person = _people.Person();
        var partial = person.Where((_, i) => i % 5 != 0).ToDictionary();
        var changed = person.Keys.ElementAt(1);
        var other = Enumerable.Range(0, 100).Select(_ => _people.Person()[changed]).First(g => g != person[changed]);
        var different = new Dictionary<string, Genotype>(person) { [changed] = other };
        await Post(Families.Unknown("TWICE-1", 'M', person));
        await Settle();
        await Post(Families.Unknown("TWICE-2", 'M', partial, "Guangdong"), Families.Unknown("TWICE-3", 'M', different));
        await Settle();
        // Two of one batch: each search may find the other, and the pair is still recorded once.
        var twins = _people.Person();
        await Post(Families.Unknown("TWICE-4", 'F', twins), Families.Unknown("TWICE-5", 'F', twins));
        await Settle();
        var pair = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/TWICE-4/duplicates")).EnumerateArray());
        Assert.Equal(["TWICE-4", "TWICE-5"], new[] { pair.GetProperty("profile").GetString()!, pair.GetProperty("duplicateOf").GetString()! }.Order().ToArray());

        var flagged = await _http.GetFromJsonAsync<JsonElement>("/api/profiles/TWICE-2/duplicates");
        var duplicate = Assert.Single(flagged.EnumerateArray());
        Assert.Equal(("TWICE-2", "TWICE-1", partial.Count), (duplicate.GetProperty("profile").GetString(), duplicate.GetProperty("duplicateOf").GetString(), duplicate.GetProperty("sharedLoci").GetInt32()));
        // One locus typed differently is another person, however many loci agree.
        Assert.Empty((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/TWICE-3/duplicates")).EnumerateArray());

        await using var database = new Database.RegistryDatabase(_silo.Options.ConnectionString!);
        await using var command = database.DataSource.CreateCommand(
            "SELECT subject, role, ids FROM registry.audit_log WHERE action = 'read-duplicates' AND ids @> '{TWICE-2}' ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        // The read of TWICE-2's duplicates, by the first administrator's key, names both profiles of the pair.
        Assert.Equal(("key 1", "national-admin"), (reader.GetString(0), reader.GetString(1)));
        Assert.Equal(["TWICE-1", "TWICE-2"], reader.GetFieldValue<string[]>(2).Order());
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_relative_registered_for_two_cases_and_a_person_registered_also_as_a_relative_are_flagged()
    {
        // One mother, registered by two offices for two cases, the second time with one locus in five untyped.
        var mother = _people.Person();
        var partial = mother.Where((_, i) => i % 5 != 0).ToDictionary();
        await Post(Families.Reference("DUP-M1", "DUP-CASE-1", "mother", 'F', mother));
        await Settle();
        await Post(Families.Reference("DUP-M2", "DUP-CASE-2", "mother", 'F', partial), Families.Reference("DUP-F2", "DUP-CASE-2", "father", 'M', _people.Person()));
        await Settle();
        var flagged = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/DUP-M2/duplicates")).EnumerateArray());
        Assert.Equal(("DUP-M1", partial.Count), (flagged.GetProperty("duplicateOf").GetString(), flagged.GetProperty("sharedLoci").GetInt32()));
        Assert.Empty((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/DUP-F2/duplicates")).EnumerateArray());

        // A father who is also registered as a person of unknown parentage, either way round.
        var father = _people.Person();
        await Post(Families.Reference("DUP-F3", "DUP-CASE-3", "father", 'M', father));
        await Settle();
        await Post(Families.Unknown("DUP-P3", 'M', father));
        await Settle();
        var person = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/DUP-P3/duplicates")).EnumerateArray());
        Assert.Equal("DUP-F3", person.GetProperty("duplicateOf").GetString());

        var unknownFirst = _people.Person();
        await Post(Families.Unknown("DUP-P4", 'F', unknownFirst));
        await Settle();
        await Post(Families.Reference("DUP-M4", "DUP-CASE-4", "mother", 'F', unknownFirst));
        await Settle();
        var reference = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/DUP-M4/duplicates")).EnumerateArray());
        Assert.Equal("DUP-P4", new[] { reference.GetProperty("profile").GetString(), reference.GetProperty("duplicateOf").GetString() }.Single(id => id != "DUP-M4"));
    }

    [Fact]
    public async Task A_relative_moved_to_another_case_of_the_same_bucket_is_still_found_identical()
    {
        // Two cases of one case bucket: the second revision of the first (its mother gone) must not take her out of
        // the bucket's identity check, whichever of the two cases' revisions the bucket holds first.
        var buckets = _silo.Options.Buckets;
        var first = "MOVE-CASE-1";
        var second = Enumerable.Range(2, 500).Select(k => $"MOVE-CASE-{k}")
            .First(id => BucketNumber.Of(BucketHash.Of(id), buckets) == BucketNumber.Of(BucketHash.Of(first), buckets));
        var mother = _people.Person();
        await Post(Families.Reference("MOVE-M", first, "mother", 'F', mother), Families.Reference("MOVE-F", first, "father", 'M', _people.Person()));
        await Settle();
        await Post(Families.Reference("MOVE-M", second, "mother", 'F', mother));
        await Settle();

        await Post(Families.Unknown("MOVE-P", 'F', mother));
        await Settle();
        var flagged = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/MOVE-P/duplicates")).EnumerateArray());
        Assert.Equal("MOVE-M", new[] { flagged.GetProperty("profile").GetString(), flagged.GetProperty("duplicateOf").GetString() }.Single(id => id != "MOVE-P"));
    }

    [Fact]
    public async Task An_import_streams_a_file_in_batches_and_keeps_its_progress_and_error_report()
    {
        const string bad = "{\"id\":\"BAD\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"6\",\"7\",\"8\"]}}";
        var lines = Enumerable.Range(1, 1100).Select(i => i is 7 or 1001 or 1100 ? bad.Replace("BAD", $"BAD-{i}", StringComparison.Ordinal) : Families.Unknown($"I-{i}", 'F', _people.Person())).ToList();
        // An allele the frequency table lacks is accepted, and the import says so.
        var unseen = _people.Person();
        unseen["TH01"] = Genotype.Of("6", "99");
        lines[499] = Families.Unknown("I-500", 'F', unseen);
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        content.Headers.Add("X-Matching-Source", "lab-batch.jsonl");
        using var response = await _http.PostAsync("/api/imports", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var import = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(import.GetProperty("done").GetBoolean());
        Assert.Equal((1100, 1097, 3), (import.GetProperty("records").GetInt32(), import.GetProperty("created").GetInt32(), import.GetProperty("rejected").GetInt32()));
        Assert.Equal(
            ["lab-batch.jsonl line 7", "lab-batch.jsonl line 1001", "lab-batch.jsonl line 1100"],
            import.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("source").GetString()!).ToArray());
        Assert.All(import.GetProperty("errors").EnumerateArray(), e => Assert.Equal("loci.TH01", e.GetProperty("field").GetString()));
        Assert.Equal(1, import.GetProperty("warned").GetInt32());
        var warning = Assert.Single(import.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Contains("lab-batch.jsonl line 500, record I-500, loci.TH01: allele 99 is not in the frequency table", warning, StringComparison.Ordinal);

        var id = import.GetProperty("id").GetInt64();
        var first = await _http.GetFromJsonAsync<JsonElement>($"/api/imports/{id}?errors=1");
        Assert.Equal(3, first.GetProperty("rejected").GetInt32());
        Assert.Equal("BAD-7", Assert.Single(first.GetProperty("errors").EnumerateArray()).GetProperty("record").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/imports/999")).StatusCode);

        // The same file again changes nothing: every good record is unchanged.
        using var again = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        var repeat = await (await _http.PostAsync("/api/imports", again)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1097), (repeat.GetProperty("created").GetInt32(), repeat.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task A_GeneMapper_table_with_its_manifest_and_a_CMF_file_go_through_the_import_endpoint_and_find_each_other()
    {
        var mother = _people.Person();
        var child = _people.Child(_people.Person(), mother);

        // The mother's lab sends a GeneMapper table; one of its samples has no row in the manifest.
        var table = new StringBuilder("Sample Name,Panel,Marker,Allele 1,Allele 2,Allele 3\n");
        foreach (var (sample, loci) in new[] { ("GM-S1", mother), ("GM-S2", _people.Person()) })
        {
            foreach (var (locus, genotype) in loci)
            {
                table.Append($"{sample},Sinofiler,{locus},{genotype.First},{(genotype.IsHomozygous ? "" : genotype.Second)},\n");
            }
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent(table.ToString()), "table", "plate-12.csv" },
            { new StringContent("sampleName,id,category,caseId,role,province,sex\nGM-S1,GM-MOTHER,family-reference,GM-CASE,mother,Sichuan,F\n"), "manifest", "plate-12-manifest.csv" },
        };
        using var tableResponse = await _http.PostAsync("/api/imports", form);
        Assert.Equal(HttpStatusCode.Created, tableResponse.StatusCode);
        var tableImport = await tableResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("plate-12.csv", 1, 1), (tableImport.GetProperty("source").GetString(), tableImport.GetProperty("created").GetInt32(), tableImport.GetProperty("rejected").GetInt32()));
        var unnamed = Assert.Single(tableImport.GetProperty("errors").EnumerateArray());
        Assert.Equal(("GM-S2", "sampleName"), (unnamed.GetProperty("record").GetString(), unnamed.GetProperty("field").GetString()));

        // The child, unidentified, comes from another lab as CODIS CMF, beside a specimen of a category the registry does not take.
        var cmf = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><CODISImportFile xmlns="urn:CODISImportFile-schema"><SOURCELAB>SCPFSC</SOURCELAB>""");
        foreach (var (specimen, category, loci) in new[] { ("CMF-CHILD", "Unidentified Person", child), ("CMF-OTHER", "Forensic Unknown", _people.Person()) })
        {
            cmf.Append($"<SPECIMEN SOURCEID=\"SCPFSC\"><SPECIMENID>{specimen}</SPECIMENID><SPECIMENCATEGORY>{category}</SPECIMENCATEGORY>");
            foreach (var (locus, genotype) in loci)
            {
                cmf.Append($"<LOCUS><LOCUSNAME>{locus}</LOCUSNAME><ALLELE><ALLELEVALUE>{genotype.First}</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE>{genotype.Second}</ALLELEVALUE></ALLELE></LOCUS>");
            }

            cmf.Append("<LOCUS><LOCUSNAME>AMEL</LOCUSNAME><ALLELE><ALLELEVALUE>X</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE>Y</ALLELEVALUE></ALLELE></LOCUS></SPECIMEN>");
        }

        using var xml = new StringContent(cmf.Append("</CODISImportFile>").ToString(), Encoding.UTF8, "application/xml");
        xml.Headers.Add("X-Matching-Source", "scpfsc-2026-11.xml");
        using var cmfResponse = await _http.PostAsync("/api/imports", xml);
        Assert.Equal(HttpStatusCode.Created, cmfResponse.StatusCode);
        var cmfImport = await cmfResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (cmfImport.GetProperty("created").GetInt32(), cmfImport.GetProperty("rejected").GetInt32()));
        Assert.Equal("CMF-OTHER", Assert.Single(cmfImport.GetProperty("errors").EnumerateArray()).GetProperty("record").GetString());
        await Settle();

        var match = Assert.Single((await _http.GetFromJsonAsync<JsonElement>("/api/profiles/CMF-CHILD/matches")).GetProperty("matches").EnumerateArray());
        var expected = Families.Duo(mother, child);
        Assert.Equal("GM-CASE", match.GetProperty("caseId").GetString());
        Assert.Equal(expected, match.GetProperty("lr").GetDouble(), expected * 1e-9);
        Assert.Equal("M", (await _http.GetFromJsonAsync<JsonElement>("/api/profiles/CMF-CHILD")).GetProperty("sex").GetString());

        // A table without its manifest is refused whole, saying what is missing.
        using var alone = new MultipartFormDataContent { { new StringContent(table.ToString()), "table", "plate-12.csv" } };
        using var refused = await _http.PostAsync("/api/imports", alone);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("manifest", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_larger_than_the_web_servers_default_body_limit_is_read_to_its_end()
    {
        // 31 MB of padding between two records: past Kestrel's 30 MB default, which refused the file half-way.
        var body = string.Join('\n', Families.Unknown("BIG-1", 'F', _people.Person()), new string(' ', 31_000_000), Families.Unknown("BIG-2", 'M', _people.Person()));
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await _http.PostAsync("/api/imports", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task A_restarted_silo_on_the_same_database_still_has_profiles_cases_and_matches()
    {
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await Post(Families.Reference("F-5", "CASE-5", "father", 'M', father), Families.Unknown("U-5", 'M', child));
        await Settle();
        var before = await _http.GetStringAsync("/api/matches");
        var statsBefore = await _http.GetStringAsync("/api/stats");

        await _silo.RestartAsync();

        Assert.Equal(statsBefore, await _http.GetStringAsync("/api/stats"));
        Assert.Equal(before, await _http.GetStringAsync("/api/matches"));
        Assert.Contains("U-5", before, StringComparison.Ordinal);

        // The restarted silo's buckets load from PostgreSQL: a new relative of the same case finds the same child.
        await Post(Families.Reference("S-5", "CASE-5", "full-sibling", 'F', _people.Child(father, _people.Person())));
        await Settle();
        Assert.Contains("U-5", await _http.GetStringAsync("/api/cases/CASE-5/matches"), StringComparison.Ordinal);
    }
}
