using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Client.Commands;
using Matching.Registry.Access;
using Matching.Registry.Database;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Registry.Tests;

/// <summary>
/// Who may do what, on one silo and a real PostgreSQL: every endpoint × every role × own and other province × no,
/// unknown, expired and revoked credentials; each answer's rows checked against the database; the audit's rows and
/// its chain; keys issued and revoked through the `matching` command.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AccessTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(1717);
    private SiloUnderTest _silo = null!;
    private RegistryDatabase _database = null!;
    private readonly Dictionary<string, string> _keys = [];
    private readonly Dictionary<string, long> _keyIds = [];
    private long _sichuanImport;

    public async Task InitializeAsync()
    {
        // The matrix fails hundreds of sign-ins from one address on purpose.
        _silo = await SiloUnderTest.StartAsync(postgres, "access", o => o.SignInFailures = 100_000);
        _database = new RegistryDatabase(_silo.Options.ConnectionString!);
        // A Sichuan case with its child registered in Sichuan, a Henan case with its child in Henan, and a Sichuan
        // case whose child was registered in Henan: a match that both provinces see.
        var (sf, sc) = Family();
        var (hf, hc) = Family();
        var (xf, xc) = Family();
        await _silo.PostAsync(
            Families.Reference("S-F", "S-CASE", "father", 'M', sf, "Sichuan"), Families.Unknown("S-U", 'M', sc, "Sichuan"),
            Families.Reference("H-F", "H-CASE", "father", 'M', hf, "Henan"), Families.Unknown("H-U", 'M', hc, "Henan"),
            Families.Reference("X-F", "X-CASE", "father", 'M', xf, "Sichuan"), Families.Unknown("X-U", 'M', xc, "Henan"),
            Families.Unknown("S-TWIN", 'M', sc, "Sichuan"));
        await _silo.SettleAsync();

        foreach (var (name, role, provinces) in Callers)
        {
            (_keyIds[name], _keys[name]) = await _silo.IssueKeyAsync(role, provinces);
        }

        _keys["admin"] = _silo.AdminKey;
        var revoked = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        (await _silo.Http.PostAsync($"/api/keys/{revoked.Id}/revoke", null)).EnsureSuccessStatusCode();
        _keys["revoked"] = revoked.Secret;
        _keys["expired"] = await ExpiredKeyAsync();
        _keys["unknown"] = ApiKeySecret.New();

        using var lab = _silo.ClientWith(_keys["lab Sichuan"]);
        using var import = await lab.PostAsync("/api/imports", new StringContent(Families.Unknown("LAB-1", 'F', _people.Person(), "Sichuan"),
            Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        _sichuanImport = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await _silo.SettleAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _silo.DisposeAsync();
    }

    /// <summary>The callers of the matrix besides the first administrator: name, role, provinces.</summary>
    private static readonly (string Name, string Role, string[] Provinces)[] Callers =
    [
        ("office Sichuan", "provincial-office", ["Sichuan"]),
        ("office Henan", "provincial-office", ["Henan"]),
        ("lab Sichuan", "lab-pipeline", ["Sichuan"]),
        ("operator", "operator", []),
        ("auditor", "auditor", []),
    ];

    private (Dictionary<string, Kinship.Genotype> Father, Dictionary<string, Kinship.Genotype> Child) Family()
    {
        var father = _people.Person();
        return (father, _people.Child(father, _people.Person()));
    }

    /// <summary>A key whose expiry has passed, written straight into the table (no endpoint issues one).</summary>
    private async Task<string> ExpiredKeyAsync()
    {
        var secret = ApiKeySecret.New();
        await using var command = _database.DataSource.CreateCommand("""
            INSERT INTO registry.api_keys (name, role, provinces, hash, created_by, created_at, expires_at)
            VALUES ('expired office', 'provincial-office', '{Sichuan}', @hash, 'test', now() - interval '2 days', now() - interval '1 day')
            """);
        command.Parameters.AddWithValue("hash", ApiKeySecret.Hash(secret));
        await command.ExecuteNonQueryAsync();
        return secret;
    }

    /// <summary>
    /// What the issue grants, written here from its text: the areas each role reaches, and where province scope
    /// then refuses a provincial caller (another province's profile, case or import).
    /// </summary>
    private static HttpStatusCode Expected(string caller, string area, string? province)
    {
        if (caller is "none" or "unknown" or "expired" or "revoked")
        {
            return area == "health" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        }

        var role = caller.Split(' ')[0];
        var admitted = area switch
        {
            "health" => true,
            "offices" => role is "admin" or "office",
            "submissions" or "import-report" => role is "admin" or "office" or "lab",
            "operations" => role is "admin" or "operator",
            "keys" => role is "admin",
            "audit" => role is "admin" or "auditor",
            _ => throw new ArgumentOutOfRangeException(nameof(area)),
        };
        if (!admitted)
        {
            return HttpStatusCode.Forbidden;
        }

        // Another province's data, or an import that another caller sent.
        var own = role == "admin" || province is null || caller.EndsWith(province, StringComparison.Ordinal);
        if (area == "import-report")
        {
            own = role == "admin" || caller == "lab Sichuan";
        }

        return own ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
    }

    private IEnumerable<(string Method, string Path, string Area, string? Province, Func<HttpContent?> Body)> Endpoints()
    {
        HttpContent Line(string province) => new StringContent(Families.Unknown($"NEW-{Guid.NewGuid():N}", 'F', _people.Person(), province),
            Encoding.UTF8, "application/x-ndjson");
        yield return ("GET", "/health", "health", null, () => null);
        yield return ("GET", "/health/live", "health", null, () => null);
        yield return ("GET", "/health/ready", "health", null, () => null);
        yield return ("GET", "/api/profiles/S-U", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/profiles/H-U", "offices", "Henan", () => null);
        yield return ("GET", "/api/profiles/S-U/history", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/profiles/H-U/history", "offices", "Henan", () => null);
        yield return ("GET", "/api/profiles/S-U/matches", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/profiles/H-U/matches", "offices", "Henan", () => null);
        yield return ("GET", "/api/cases/S-CASE/matches", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/cases/H-CASE/matches", "offices", "Henan", () => null);
        yield return ("GET", "/api/matches", "offices", null, () => null);
        yield return ("GET", "/api/profiles/S-U/duplicates", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/profiles/H-U/duplicates", "offices", "Henan", () => null);
        yield return ("GET", "/api/duplicates", "offices", null, () => null);
        yield return ("GET", "/api/cases/S-CASE/power", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/cases/H-CASE/power", "offices", "Henan", () => null);
        yield return ("GET", "/api/cases/S-CASE/missing-person", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/cases/H-CASE/missing-person", "offices", "Henan", () => null);
        yield return ("PUT", "/api/cases/S-CASE/missing-person", "offices", "Sichuan", () => JsonContent.Create(new { sex = "F" }));
        yield return ("PUT", "/api/cases/H-CASE/missing-person", "offices", "Henan", () => JsonContent.Create(new { sex = "M" }));
        yield return ("GET", "/api/reviews", "offices", null, () => null);
        yield return ("GET", "/api/cases?power=weak", "offices", null, () => null);
        yield return ("GET", "/api/alerts/subscriptions", "offices", null, () => null);
        yield return ("GET", "/api/alerts/dead-letters", "keys", null, () => null);
        yield return ("GET", "/api/cases/S-CASE/candidates/S-U/review", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/cases/H-CASE/candidates/H-U/review", "offices", "Henan", () => null);
        yield return ("GET", "/api/cases/S-CASE/candidates/S-U/report", "offices", "Sichuan", () => null);
        yield return ("GET", "/api/cases/H-CASE/candidates/H-U/report", "offices", "Henan", () => null);
        yield return ("POST", "/api/profiles", "submissions", null, () => Line("Sichuan"));
        yield return ("POST", "/api/imports", "submissions", null, () => Line("Sichuan"));
        yield return ("GET", $"/api/imports/{_sichuanImport}", "import-report", null, () => null);
        yield return ("GET", $"/api/imports/{_sichuanImport}/errors", "import-report", null, () => null);
        yield return ("GET", "/api/stats", "operations", null, () => null);
        yield return ("GET", "/api/cluster", "operations", null, () => null);
        yield return ("GET", "/metrics", "operations", null, () => null);
        yield return ("GET", "/api/searches/1", "operations", null, () => null);
        yield return ("GET", "/api/kinship-settings/1", "operations", null, () => null);
        yield return ("POST", "/api/research", "operations", null, () => JsonContent.Create(new { reason = "matrix" }));
        yield return ("GET", "/api/research/1", "operations", null, () => null);
        yield return ("GET", "/api/keys", "keys", null, () => null);
        yield return ("POST", "/api/keys", "keys", null, () => JsonContent.Create(new { name = "matrix", role = "auditor" }));
        yield return ("GET", "/api/audit", "audit", null, () => null);
        yield return ("GET", "/api/audit/verify", "audit", null, () => null);
    }

    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_its_role_and_province_allow()
    {
        var callers = new[] { "none" }.Concat(_keys.Keys).ToList();
        var cells = 0;
        var wrong = new List<string>();
        foreach (var caller in callers)
        {
            using var http = _silo.ClientWith(caller == "none" ? null : _keys[caller]);
            foreach (var (method, path, area, province, body) in Endpoints())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
                using var response = await http.SendAsync(request);
                var expected = Expected(caller, area, province);
                // A success may be a 201 (created) or 202 (a research accepted).
                var status = (int)response.StatusCode is 201 or 202 ? HttpStatusCode.OK : response.StatusCode;
                if (status != expected)
                {
                    wrong.Add($"{caller} {method} {path}: {(int)response.StatusCode}, expected {(int)expected}");
                }

                cells++;
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(callers.Count * Endpoints().Count(), cells);
    }

    [Fact]
    public async Task An_office_sees_exactly_the_matches_whose_case_or_person_is_in_its_province()
    {
        foreach (var province in new[] { "Sichuan", "Henan" })
        {
            using var office = _silo.ClientWith(_keys[$"office {province}"]);
            var seen = (await _silo.AllMatchesAsync("/api/matches?limit=1", office))
                .Select(m => (m.GetProperty("profileId").GetString()!, m.GetProperty("caseId").GetString()!)).ToHashSet();

            // What the database holds for that province, asked independently of the API's own query.
            var expected = new HashSet<(string, string)>();
            await using var command = _database.DataSource.CreateCommand("""
                SELECT m.profile_id, m.case_id FROM registry.matches m
                JOIN registry.profiles p ON p.id = m.profile_id JOIN registry.cases c ON c.id = m.case_id
                WHERE p.province = @province OR c.province = @province
                """);
            command.Parameters.AddWithValue("province", province);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    expected.Add((reader.GetString(0), reader.GetString(1)));
                }
            }

            Assert.True(expected.Count >= 2, $"{province}: only {expected.Count} matches to see");
            Assert.Equal(expected.OrderBy(m => m), seen.OrderBy(m => m));
            // The match across provinces is seen from both.
            Assert.Contains(("X-U", "X-CASE"), seen);
        }

        // Each office's duplicates are among its own profiles only.
        using var sichuan = _silo.ClientWith(_keys["office Sichuan"]);
        var pair = Assert.Single((await sichuan.GetFromJsonAsync<JsonElement>("/api/duplicates")).EnumerateArray());
        Assert.Equal(["S-TWIN", "S-U"], new[] { pair.GetProperty("profile").GetString()!, pair.GetProperty("duplicateOf").GetString()! }.Order());
        using var henan = _silo.ClientWith(_keys["office Henan"]);
        Assert.Empty((await henan.GetFromJsonAsync<JsonElement>("/api/duplicates")).EnumerateArray());
    }

    [Fact]
    public async Task A_caller_registers_only_in_its_provinces_and_corrects_only_what_they_own()
    {
        using var lab = _silo.ClientWith(_keys["lab Sichuan"]);
        var lines = string.Join('\n',
            Families.Unknown("LAB-S", 'F', _people.Person(), "Sichuan"),
            Families.Unknown("LAB-H", 'F', _people.Person(), "Henan"),
            Families.Unknown("H-U", 'M', _people.Person(), "Sichuan"),
            Families.Reference("LAB-R", "H-CASE", "mother", 'F', _people.Person(), "Sichuan"));
        using var response = await lab.PostAsync("/api/profiles", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, reply.GetProperty("created").GetInt32());
        var errors = reply.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("record").GetString(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([("LAB-H", "province"), ("H-U", "province"), ("LAB-R", "province")], errors);

        // The Henan person is as it was.
        await using var command = _database.DataSource.CreateCommand("SELECT province, version FROM registry.profiles WHERE id = 'H-U'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("Henan", 1), (reader.GetString(0), reader.GetInt32(1)));
    }

    [Fact]
    public async Task A_correction_needs_a_reason_and_the_history_keeps_who_made_it_and_why()
    {
        using var office = _silo.ClientWith(_keys["office Sichuan"]);
        var corrected = Families.Unknown("S-U", 'M', _people.Person(), "Sichuan");
        async Task<JsonElement> Send(string line, string? header = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/profiles") { Content = new StringContent(line, Encoding.UTF8, "application/x-ndjson") };
            if (header is not null)
            {
                request.Headers.Add("X-Matching-Reason", Uri.EscapeDataString(header));
            }

            using var response = await office.SendAsync(request);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var refused = await Send(corrected);
        var error = Assert.Single(refused.GetProperty("errors").EnumerateArray());
        Assert.Equal(("S-U", "correctionReason"), (error.GetProperty("record").GetString(), error.GetProperty("field").GetString()));
        Assert.Equal(1, await VersionAsync("S-U"));

        var node = System.Text.Json.Nodes.JsonNode.Parse(corrected)!;
        node["correctionReason"] = "sample swap at the lab";
        Assert.Equal(1, (await Send(node.ToJsonString())).GetProperty("corrected").GetInt32());
        Assert.Equal(1, (await Send(Families.Unknown("S-U", 'M', _people.Person(), "Sichuan"), "复核后更正")).GetProperty("corrected").GetInt32());

        await using var command = _database.DataSource.CreateCommand(
            "SELECT version, corrected_by, correction_reason FROM registry.profile_history WHERE profile_id = 'S-U' ORDER BY version");
        var history = new List<(int, string, string)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                history.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var by = $"key {_keyIds["office Sichuan"]}";
        Assert.Equal([(1, by, "sample swap at the lab"), (2, by, "复核后更正")], history);
        Assert.Equal(3, await VersionAsync("S-U"));

        // The office reads the same history through the API.
        var read = (await office.GetFromJsonAsync<JsonElement>("/api/profiles/S-U/history")).EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("correctedBy").GetString()!, v.GetProperty("correctionReason").GetString()!));
        Assert.Equal(history, read);
    }

    private async Task<int> VersionAsync(string id)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT version FROM registry.profiles WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Each_audited_request_writes_one_row_naming_its_caller_and_a_refusal_writes_one_too()
    {
        using var office = _silo.ClientWith(_keys["office Sichuan"]);
        var asked = new (HttpClient Http, string Path, string Action, int Outcome, string Subject)[]
        {
            (office, "/api/profiles/S-U", "read-profile", 200, "S-U"),
            (office, "/api/cases/S-CASE/matches", "read-matches", 200, "S-CASE"),
            (office, "/api/profiles/H-U", "read-profile", 403, "H-U"),
            (_silo.ClientWith(null), "/api/profiles/S-U", "read-profile", 401, "S-U"),
            (_silo.ClientWith(_keys["revoked"]), "/api/matches", "read-matches", 401, ""),
            (_silo.ClientWith(_keys["operator"]), "/api/profiles/S-U", "read-profile", 403, "S-U"),
        };
        foreach (var (http, path, action, outcome, subject) in asked)
        {
            var before = await AuditCountAsync();
            using var response = await http.GetAsync(path);
            Assert.Equal(outcome, (int)response.StatusCode);
            var rows = await AuditRowsAfterAsync(before);
            var row = Assert.Single(rows);
            Assert.StartsWith(action, row.Action, StringComparison.Ordinal);
            Assert.Equal(outcome, row.Outcome);
            if (subject.Length > 0)
            {
                Assert.Contains(subject, row.Ids);
            }

            Assert.Equal(outcome == 401 ? "anonymous" : http == office ? $"key {_keyIds["office Sichuan"]}" : $"key {_keyIds["operator"]}", row.Subject);
        }

        // The revoked key's refusal says why, never the key.
        var revoked = (await AuditRowsAfterAsync(0)).Last(r => r.Outcome == 401 && r.Action.Contains("revoked", StringComparison.Ordinal));
        Assert.DoesNotContain(_keys["revoked"], revoked.Action, StringComparison.Ordinal);
    }

    private async Task<long> AuditCountAsync()
    {
        await using var command = _database.DataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM registry.audit_log");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(string Subject, string Action, string[] Ids, int Outcome)>> AuditRowsAfterAsync(long id)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT subject, action, ids, outcome FROM registry.audit_log WHERE id > @id ORDER BY id");
        command.Parameters.AddWithValue("id", id);
        var rows = new List<(string, string, string[], int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetInt32(3)));
        }

        return rows;
    }

    [Fact]
    public async Task A_row_changed_or_removed_behind_the_registry_is_named_by_audit_verify()
    {
        var verify = new[] { "audit", "verify", "--server", _silo.Host.Url, "--key", _keys["auditor"] };
        var output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(verify, output, TextWriter.Null));
        Assert.Contains("the chain holds", output.ToString(), StringComparison.Ordinal);

        // The table's owner (not the registry's runtime) rewrites a row: which ids a read concerned.
        long victim;
        await using (var pick = _database.DataSource.CreateCommand("SELECT id FROM registry.audit_log ORDER BY id DESC OFFSET 3 LIMIT 1"))
        {
            victim = (long)(await pick.ExecuteScalarAsync())!;
        }

        await using (var tamper = _database.DataSource.CreateCommand("UPDATE registry.audit_log SET ids = '{SOMEONE-ELSE}' WHERE id = @id"))
        {
            tamper.Parameters.AddWithValue("id", victim);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        output = new StringWriter();
        Assert.Equal(AuditCommand.Broken, await MatchingCommand.RunAsync(verify, output, TextWriter.Null));
        Assert.Contains($"broken at row {victim}:", output.ToString(), StringComparison.Ordinal);
        var answer = await _silo.ClientWith(_keys["auditor"]).GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.Equal((false, victim), (answer.GetProperty("holds").GetBoolean(), answer.GetProperty("brokenRow").GetInt64()));
    }

    [Fact]
    public async Task A_removed_row_breaks_the_chain_at_the_row_after_it()
    {
        var rows = new List<AuditRow>();
        await foreach (var row in new AuditLog(_database).AllAsync())
        {
            rows.Add(row);
        }

        Assert.Equal(new AuditVerdict(rows.Count, null, null), await AuditChain.VerifyAsync(rows.ToAsyncEnumerable()));
        // Recomputed here from the rows read back: PostgreSQL's chain and the verifier's agree on every row.
        var previous = AuditChain.Genesis;
        foreach (var row in rows)
        {
            Assert.Equal(AuditChain.Hash(previous, row.Id, row.At, row.Entry), row.Hash);
            previous = row.Hash;
        }

        var gone = rows[rows.Count / 2];
        var broken = await AuditChain.VerifyAsync(rows.Where(r => r.Id != gone.Id).ToAsyncEnumerable());
        Assert.Equal((rows[rows.Count / 2 + 1].Id, (long)rows.Count / 2), (broken.BrokenRow, broken.RowsChecked));
    }

    [Fact]
    public async Task Keys_are_issued_listed_and_revoked_with_the_matching_command()
    {
        var admin = new[] { "--server", _silo.Host.Url, "--key", _silo.AdminKey };
        var output = new StringWriter();
        var messages = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(
            ["keys", "create", "--role", "provincial-office", "--province", "Sichuan", "--name", "Chengdu office", .. admin], output, messages));
        // The key alone on standard output, so a script can take it; what it is on standard error.
        var key = output.ToString().TrimEnd('\n');
        Assert.Matches("^mk_[A-Za-z0-9_-]{43}$", key);
        Assert.Contains("Chengdu office", messages.ToString(), StringComparison.Ordinal);

        using var chengdu = _silo.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await chengdu.GetAsync("/api/profiles/S-U")).StatusCode);

        var list = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["keys", "list", .. admin], list, TextWriter.Null));
        var line = list.ToString().Split('\n').Single(l => l.Contains("Chengdu office", StringComparison.Ordinal));
        Assert.Contains("valid", line, StringComparison.Ordinal);
        var id = line.Trim().Split(' ')[0];

        // Only its hash is stored.
        await using (var stored = _database.DataSource.CreateCommand("SELECT count(*) FROM registry.api_keys WHERE hash = @hash"))
        {
            stored.Parameters.AddWithValue("hash", ApiKeySecret.Hash(key));
            Assert.Equal(1L, await stored.ExecuteScalarAsync());
        }

        Assert.Equal(0, await MatchingCommand.RunAsync(["keys", "revoke", id, .. admin], TextWriter.Null, TextWriter.Null));
        Assert.Equal(HttpStatusCode.Unauthorized, (await chengdu.GetAsync("/api/profiles/S-U")).StatusCode);

        // An office's key cannot issue keys; the command says why.
        var refused = new StringWriter();
        Assert.Equal(1, await MatchingCommand.RunAsync(["keys", "list", "--server", _silo.Host.Url, "--key", _keys["office Sichuan"]], TextWriter.Null, refused));
        Assert.Contains("403", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silos_own_files_are_not_served_and_the_pages_script_is()
    {
        using var anonymous = _silo.ClientWith(null);
        foreach (var path in new[] { "/Matching.Silo.dll", "/appsettings.json", "/Matching.Silo.staticwebassets.endpoints.json", "/admin.key" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }

        using var script = await anonymous.GetAsync("/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public void Every_endpoint_of_the_app_requires_a_caller_but_the_health_probe_and_what_signing_in_needs()
    {
        var endpoints = _silo.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints");
        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null
                || !e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy is { Length: > 0 }))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        // Open: the probes; the sign-in page with its stylesheet, scripts, language switch and sign-out; the 403 page
        // (which records the refusal); and the framework's script and redirect for enhanced navigation. None shows registry data.
        // The static assets' own fallback ({**path:file}) serves the web root's files only, never the silo's.
        var scripts = open.Where(r => r!.StartsWith("_framework/", StringComparison.Ordinal) || r == "{**path:file}").ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts.Where(r => r != "{**path:file}"), r => Assert.Matches(@"^_framework/blazor\.(web|server)(\.[a-z0-9]+)?\.js(\.gz|\.br)?$", r));
        Assert.Equal(["/_framework/opaque-redirect", "/forbidden", "/health", "/health/live", "/health/ready", "/language", "/live.js", "/pages.css", "/signin", "/signout"],
            open.Except(scripts).Order(StringComparer.Ordinal));
    }
}
