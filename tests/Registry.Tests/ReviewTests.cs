using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Client.Commands;
using Matching.Kinship;
using Matching.Registry.Database;

namespace Matching.Registry.Tests;

/// <summary>
/// The review of candidates through the API, on one silo and a real PostgreSQL: every allowed and forbidden
/// transition, what each state needs, province scope, the audit row of each move, and a review that outlives a
/// research under a new mutation model and a correction of the case's reference.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReviewTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Children = 40;

    /// <summary>The transitions the review allows, written here from the workflow the registry documents (docs/security.md).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["candidate"] = ["under-review", "more-relatives-requested", "excluded"],
        ["under-review"] = ["candidate", "more-relatives-requested", "confirmed", "excluded"],
        ["more-relatives-requested"] = ["under-review", "excluded"],
        ["confirmed"] = ["reunited", "excluded"],
        ["excluded"] = ["under-review"],
        ["reunited"] = [],
    };

    private readonly Families _people = new(4242);
    private SiloUnderTest _silo = null!;
    private RegistryDatabase _database = null!;
    private Dictionary<string, Genotype> _father = null!;
    private int _nextChild;

    public async Task InitializeAsync()
    {
        _silo = await SiloUnderTest.StartAsync(postgres, "reviews", o => o.ReportingThreshold = 1);
        _database = new RegistryDatabase(_silo.Options.ConnectionString!);
        _father = _people.Person();
        var lines = new List<string> { Families.Reference("S-F", "S-CASE", "father", 'M', _father, "Sichuan") };
        lines.AddRange(Enumerable.Range(0, Children).Select(i => Families.Unknown($"S-U{i}", 'M', _people.Child(_father, _people.Person()), "Sichuan")));
        var henanFather = _people.Person();
        lines.Add(Families.Reference("H-F", "H-CASE", "father", 'M', henanFather, "Henan"));
        lines.Add(Families.Unknown("H-U", 'F', _people.Child(henanFather, _people.Person()), "Henan"));
        await _silo.PostAsync([.. lines]);
        await _silo.SettleAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _silo.DisposeAsync();
    }

    private string NextChild() => $"S-U{_nextChild++}";

    /// <summary>A request for <paramref name="to"/> with what that state needs.</summary>
    private static object Move(string to, string reason = "checked") => new
    {
        state = to,
        reason,
        relatives = to == "more-relatives-requested" ? new[] { "mother", "full-sibling" } : null,
        labReference = to == "confirmed" ? "LAB-2026-0042" : null,
    };

    private async Task<HttpResponseMessage> PostMove(string person, object move, HttpClient? http = null, string caseId = "S-CASE") =>
        await (http ?? _silo.Http).PostAsJsonAsync($"/api/cases/{caseId}/candidates/{person}/review", move);

    /// <summary>The shortest way from candidate to <paramref name="state"/> in the allowed transitions.</summary>
    private static List<string> PathTo(string state)
    {
        var previous = new Dictionary<string, string> { ["candidate"] = "" };
        var queue = new Queue<string>(["candidate"]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var next in Allowed[at].Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }

        var path = new List<string>();
        for (var at = state; at != "candidate"; at = previous[at])
        {
            path.Insert(0, at);
        }

        return path;
    }

    private async Task<string> PersonIn(string state)
    {
        var person = NextChild();
        foreach (var step in PathTo(state))
        {
            using var response = await PostMove(person, Move(step));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return person;
    }

    private async Task<JsonElement> ReviewOf(string person, string caseId = "S-CASE") =>
        await _silo.Http.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/candidates/{person}/review");

    [Fact]
    public async Task Every_allowed_transition_is_taken_every_forbidden_one_is_refused_and_each_writes_one_audit_row()
    {
        var before = await AuditCountAsync("review");
        var posts = 0;
        var wrong = new List<string>();
        foreach (var from in Allowed.Keys)
        {
            // Forbidden moves, all on one pair, which stays where it was.
            var person = await PersonIn(from);
            posts += PathTo(from).Count;
            foreach (var to in Allowed.Keys.Where(t => !Allowed[from].Contains(t)))
            {
                using var refused = await PostMove(person, Move(to));
                posts++;
                var body = await refused.Content.ReadAsStringAsync();
                if (refused.StatusCode != HttpStatusCode.BadRequest || !body.Contains("state:", StringComparison.Ordinal))
                {
                    wrong.Add($"{from} -> {to}: {(int)refused.StatusCode} {body}");
                }
            }

            Assert.Equal(from, (await ReviewOf(person)).GetProperty("review").GetProperty("state").GetString());

            // Allowed moves, each on a pair of its own.
            foreach (var to in Allowed[from])
            {
                var mover = await PersonIn(from);
                posts += PathTo(from).Count;
                using var moved = await PostMove(mover, Move(to, $"{from} to {to}"));
                posts++;
                if (moved.StatusCode != HttpStatusCode.OK)
                {
                    wrong.Add($"{from} -> {to}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
                    continue;
                }

                var review = (await ReviewOf(mover)).GetProperty("review");
                Assert.Equal(to, review.GetProperty("state").GetString());
                Assert.Equal($"{from} to {to}", review.GetProperty("reason").GetString());
                Assert.Equal(PathTo(from).Count + 1, review.GetProperty("version").GetInt32());
            }
        }

        Assert.Empty(wrong);
        // No reunion without a confirmation, whatever the table above says.
        Assert.All(Allowed.Where(a => a.Value.Contains("reunited")), a => Assert.Equal("confirmed", a.Key));
        Assert.Equal(posts, await AuditCountAsync("review") - before);
    }

    [Fact]
    public async Task A_move_names_the_field_it_lacks_a_stale_version_conflicts_and_the_history_keeps_who_why_and_the_lr()
    {
        var person = NextChild();
        foreach (var (move, field) in new (object Move, string Field)[]
        {
            (new { state = "under-review", reason = " " }, "reason:"),
            (new { state = "more-relatives-requested", reason = "weak", relatives = Array.Empty<string>() }, "relatives:"),
            (new { state = "seen", reason = "x" }, "state:"),
        })
        {
            using var refused = await PostMove(person, move);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(field, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var taken = await PostMove(person, new { state = "under-review", reason = "strong paternity index", expectedVersion = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            // Taken up without naming a reviewer: assigned to the caller.
            Assert.Equal("key 1", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assignedTo").GetString());
        }

        using (var confirmedWithoutTest = await PostMove(person, new { state = "confirmed", reason = "sure" }))
        {
            Assert.Contains("labReference:", await confirmedWithoutTest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var stale = await PostMove(person, new { state = "excluded", reason = "late", expectedVersion = 0 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var never = await PostMove("H-U", Move("under-review")))
        {
            Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
        }

        var read = await ReviewOf(person);
        var step = Assert.Single(read.GetProperty("history").EnumerateArray());
        Assert.Equal(("candidate", "under-review", "key 1", "strong paternity index"),
            (step.GetProperty("from").GetString(), step.GetProperty("to").GetString(), step.GetProperty("actor").GetString(), step.GetProperty("reason").GetString()));
        Assert.Equal(await StoredLrAsync("S-CASE", person), step.GetProperty("lr").GetDouble());
    }

    [Fact]
    public async Task An_office_reviews_and_lists_only_pairs_of_its_province()
    {
        var (_, sichuanKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        var (_, henanKey) = await _silo.IssueKeyAsync("provincial-office", "Henan");
        using var sichuan = _silo.ClientWith(sichuanKey);
        using var henan = _silo.ClientWith(henanKey);
        var person = NextChild();

        using (var other = await PostMove(person, Move("under-review"), henan))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        using (var report = await henan.GetAsync($"/api/cases/S-CASE/candidates/{person}/report"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        }

        using (var own = await PostMove(person, Move("under-review"), sichuan))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var henanOwn = await PostMove("H-U", Move("excluded"), henan, "H-CASE"))
        {
            Assert.Equal(HttpStatusCode.OK, henanOwn.StatusCode);
        }

        // Each office's list, against the database's reviews and matches of its province.
        foreach (var (province, http) in new[] { ("Sichuan", sichuan), ("Henan", henan) })
        {
            var listed = new List<(string, string, string)>();
            for (string? next = null; ;)
            {
                var page = await http.GetFromJsonAsync<JsonElement>("/api/reviews?limit=7" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}"));
                listed.AddRange(page.GetProperty("reviews").EnumerateArray()
                    .Select(r => (r.GetProperty("caseId").GetString()!, r.GetProperty("profileId").GetString()!, r.GetProperty("state").GetString()!)));
                if ((next = page.GetProperty("next").GetString()) is null)
                {
                    break;
                }
            }

            var expected = await PairsOfAsync(province);
            Assert.Equal(expected.OrderBy(p => p), listed.OrderBy(p => p));
        }

        var excluded = await henan.GetFromJsonAsync<JsonElement>("/api/reviews?state=excluded");
        Assert.Equal(["H-U"], excluded.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("profileId").GetString()));
    }

    [Fact]
    public async Task A_review_outlives_a_research_under_a_new_mutation_model_and_a_correction_of_the_reference()
    {
        var person = NextChild();
        using (var taken = await PostMove(person, new { state = "under-review", reason = "first look", assignedTo = "Li Wei" }))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        }

        var before = await StoredLrAsync("S-CASE", person);
        await _silo.RestartAsync(o => o.Mutation = MutationModel.RegistryDefault);
        await _silo.ResearchAsync("mutation model now stepwise 0.002");
        var researched = (await ReviewOf(person)).GetProperty("review");
        Assert.Equal(("under-review", "Li Wei", before), (researched.GetProperty("state").GetString(), researched.GetProperty("assignedTo").GetString(),
            researched.GetProperty("lrAtChange").GetDouble()));
        var now = await StoredLrAsync("S-CASE", person);
        Assert.NotEqual(before, now);
        Assert.Equal(now, researched.GetProperty("lrNow").GetDouble());

        // The case's father corrected to someone else: the pair drops out of the matches, its review stays with its LR then.
        var correction = System.Text.Json.Nodes.JsonNode.Parse(Families.Reference("S-F", "S-CASE", "father", 'M', _people.Person(), "Sichuan"))!;
        correction["correctionReason"] = "the lab sent another man's sample";
        await _silo.PostAsync(correction.ToJsonString());
        await _silo.SettleAsync();
        Assert.Null(await StoredLrOrNullAsync("S-CASE", person));
        var corrected = await ReviewOf(person);
        Assert.Equal("under-review", corrected.GetProperty("review").GetProperty("state").GetString());
        Assert.Equal(before, corrected.GetProperty("review").GetProperty("lrAtChange").GetDouble());
        Assert.Equal(JsonValueKind.Null, corrected.GetProperty("review").GetProperty("lrNow").ValueKind);
        Assert.Single(corrected.GetProperty("history").EnumerateArray());
        var listed = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/reviews?state=under-review");
        Assert.Contains(listed.GetProperty("reviews").EnumerateArray(), r => r.GetProperty("profileId").GetString() == person);
    }

    [Fact]
    public async Task Matching_review_moves_a_candidate_shows_its_history_and_lists_it_by_state()
    {
        var person = NextChild();
        var server = new[] { "--server", _silo.Host.Url, "--key", _silo.AdminKey };
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await MatchingCommand.RunAsync(["review", "S-CASE", person, "--to", "more-relatives-requested", "--relatives", "mother,full-sibling",
            "--reason", "one parent is not enough", .. server], output, error);
        Assert.True(exit == 0, error.ToString());
        Assert.Contains("more-relatives-requested", output.ToString(), StringComparison.Ordinal);

        output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["review", "show", "S-CASE", person, .. server], output, error));
        Assert.Contains("candidate -> more-relatives-requested by key 1, asking for mother, full-sibling: one parent is not enough", output.ToString(),
            StringComparison.Ordinal);

        output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["review", "list", "--state", "more-relatives-requested", .. server], output, error));
        Assert.Contains(person, output.ToString(), StringComparison.Ordinal);

        Assert.NotEqual(0, await MatchingCommand.RunAsync(["review", "S-CASE", person, "--to", "reunited", "--reason", "hurry", .. server],
            TextWriter.Null, TextWriter.Null));
    }

    private async Task<double> StoredLrAsync(string caseId, string person) =>
        await StoredLrOrNullAsync(caseId, person) ?? throw new InvalidOperationException($"no match {caseId} {person}");

    private async Task<double?> StoredLrOrNullAsync(string caseId, string person)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT lr FROM registry.matches WHERE case_id = @case AND profile_id = @person");
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("person", person);
        return await command.ExecuteScalarAsync() as double?;
    }

    private async Task<long> AuditCountAsync(string action)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT count(*) FROM registry.audit_log WHERE action = @action");
        command.Parameters.AddWithValue("action", action);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The pairs of a province as the tables hold them: every match and every review whose case or person is there, with its state.</summary>
    private async Task<List<(string, string, string)>> PairsOfAsync(string province)
    {
        await using var command = _database.DataSource.CreateCommand("""
            SELECT k.case_id, k.profile_id, coalesce(r.state, 'candidate') FROM
                (SELECT case_id, profile_id FROM registry.matches UNION SELECT case_id, profile_id FROM registry.reviews) k
            LEFT JOIN registry.reviews r USING (case_id, profile_id)
            WHERE EXISTS (SELECT 1 FROM registry.profiles p WHERE p.id = k.profile_id AND p.province = @province)
               OR EXISTS (SELECT 1 FROM registry.cases c WHERE c.id = k.case_id AND c.province = @province)
            """);
        command.Parameters.AddWithValue("province", province);
        var pairs = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return pairs;
    }
}
