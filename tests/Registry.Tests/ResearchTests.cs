using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>
/// Searching the registry again after the mutation model changed: the research runs in the background, survives a
/// silo restart, and replaces every case's results.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ResearchTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Excluded = 8;
    private const string MutatedLocus = "D8S1179";

    private readonly Families _people = new(2027);
    private SiloUnderTest _silo = null!;

    private HttpClient _http => _silo.Http;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "research", o => o.ReportingThreshold = 1);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_research_after_a_change_of_mutation_model_finds_the_children_it_had_excluded_and_survives_a_restart()
    {
        var lines = new List<string>();
        for (var i = 0; i < Excluded; i++)
        {
            var mother = _people.Person();
            lines.Add(Families.Reference($"M-{i}", $"CASE-{i}", "mother", 'F', mother));
            lines.Add(Families.Unknown($"U-{i}", 'M', Families.WithMutation(mother, _people.Child(_people.Person(), mother), MutatedLocus)));
        }

        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        lines.Add(Families.Reference("F-X", "CASE-X", "father", 'M', father));
        lines.Add(Families.Unknown("U-X", 'F', child));
        await _silo.PostAsync([.. lines]);
        await _silo.SettleAsync();

        // Without a mutation model a one-repeat mutation excludes the true mother; the consistent father is found.
        var before = await Matches();
        Assert.DoesNotContain(before, m => m.ProfileId.StartsWith("U-", StringComparison.Ordinal) && m.ProfileId != "U-X");
        var consistent = Assert.Single(before, m => m.ProfileId == "U-X" && m.CaseId == "CASE-X");
        Assert.Equal(Families.Duo(father, child), consistent.Lr, consistent.Lr * 1e-9);

        // The silos restart with the stepwise model; nothing is searched again until someone asks.
        await _silo.RestartAsync(o => o.Mutation = MutationModel.RegistryDefault);
        Assert.Equal(before, await Matches());

        using var started = await _http.PostAsJsonAsync("/api/research", new { reason = "mutation model now stepwise 0.002" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var research = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = research.GetProperty("id").GetInt64();
        Assert.Equal(Excluded + 1, research.GetProperty("cases").GetInt32());

        // A silo restart in the middle: the next silo resumes the research where it stopped.
        await _silo.RestartAsync(o => o.Mutation = MutationModel.RegistryDefault);
        var done = await Finished(id);
        Assert.Equal(Excluded + 1, done.GetProperty("completed").GetInt32());

        var after = await Matches();
        for (var i = 0; i < Excluded; i++)
        {
            Assert.Contains(after, m => m.ProfileId == $"U-{i}" && m.CaseId == $"CASE-{i}" && m.Lr > 0);
        }

        // The consistent pair's result was replaced too: a mutation model moves a consistent LR only a little.
        var replaced = Assert.Single(after, m => m.ProfileId == "U-X" && m.CaseId == "CASE-X");
        Assert.NotEqual(consistent.Lr, replaced.Lr);
        Assert.InRange(replaced.Lr / consistent.Lr, 0.95, 1.05);
    }

    [Fact]
    public async Task A_research_needs_a_reason_an_unknown_one_is_not_found_and_matching_research_follows_one_to_the_end()
    {
        using var refused = await _http.PostAsJsonAsync("/api/research", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("reason", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await _http.GetAsync("/api/research/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var mother = _people.Person();
        await _silo.PostAsync(Families.Reference("M-C", "CASE-C", "mother", 'F', mother), Families.Unknown("U-C", 'F', _people.Child(_people.Person(), mother)));
        await _silo.SettleAsync();
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await Client.Commands.MatchingCommand.RunAsync(
            ["research", "--reason", "table check", "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, error);
        Assert.True(exit == 0, error.ToString());
        Assert.Contains("1 cases to search again (table check; requested by first national administrator (key 1))", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("done, 1 cases searched again", output.ToString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> Finished(long id)
    {
        for (var i = 0; i < 300; i++)
        {
            var research = await _http.GetFromJsonAsync<JsonElement>($"/api/research/{id}");
            Assert.InRange(research.GetProperty("completed").GetInt32(), 0, research.GetProperty("cases").GetInt32());
            if (research.GetProperty("done").GetBoolean())
            {
                return research;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"research {id} still running after 60 s");
        return default;
    }

    private async Task<List<Match>> Matches() =>
        [.. (await _silo.AllMatchesAsync("/api/matches")).Select(m => m.Deserialize<Match>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!)];

    private sealed record Match(string ProfileId, string CaseId, double Lr);
}
