using System.Net;
using System.Net.Http.Json;
using Matching.Client.Commands;
using Matching.Silo.Services;

namespace Matching.Registry.Tests;

/// <summary>
/// GET /api/cases/{id}/power and `matching power` on a real silo: a father's case, against the textbook paternity
/// index over simulated true children and unrelated persons (no mutation, so the textbook is exact).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PowerApiTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(1018);
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "power");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_fathers_case_power_agrees_with_simulated_children_and_strangers_and_scales_with_the_registry()
    {
        var father = _people.Person();
        await _silo.PostAsync([Families.Reference("F-P", "CASE-P", "father", 'M', father),
            .. Enumerable.Range(0, 40).Select(i => Families.Unknown($"U-P{i}", 'F', _people.Person()))]);
        await _silo.SettleAsync();

        var report = (await _silo.Http.GetFromJsonAsync<CasePowerReport>("/api/cases/CASE-P/power?thresholds=1,1000"))!;
        Assert.Equal(("F-P", "father"), (Assert.Single(report.References).ProfileId, report.References[0].Role));
        Assert.Equal(40, report.PersonsRegistered);

        const int Draws = 1000;
        var children = Enumerable.Range(0, Draws).Select(_ => Families.Duo(father, _people.Child(father, _people.Person()))).ToList();
        var strangers = Enumerable.Range(0, Draws).Select(_ => Families.Duo(father, _people.Person())).ToList();
        foreach (var figure in report.Thresholds)
        {
            var (child, stranger) = (children.Count(lr => lr >= figure.Threshold) / (double)Draws, strangers.Count(lr => lr >= figure.Threshold) / (double)Draws);
            Assert.InRange(figure.TrueChild, child - Error(child), child + Error(child));
            Assert.InRange(figure.Unrelated, stranger - Error(stranger), stranger + Error(stranger));
            Assert.True(figure.Unrelated <= 1 / figure.Threshold, $"Markov's bound at {figure.Threshold}: {figure.Unrelated}");
            Assert.Equal(figure.Unrelated * 40, figure.ExpectedUnrelatedAbove, 1e-12);
        }

        var median = children.Order().ElementAt(Draws / 2);
        Assert.InRange(report.TrueChildMedianLog10Lr!.Value, Math.Log10(median) - 0.5, Math.Log10(median) + 0.5);
        Assert.True(report.TrueChildP05Log10Lr < report.TrueChildMedianLog10Lr);

        var output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["power", "--case", "CASE-P", "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, new StringWriter()));
        Assert.Contains("case CASE-P: father F-P; 40 persons registered (exact)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("true child's log10 LR: median", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_match_states_the_unrelated_persons_expected_above_its_LR_and_its_posterior_with_the_prior()
    {
        var father = _people.Person();
        await _silo.PostAsync([Families.Reference("F-E", "CASE-E", "father", 'M', father), Families.Unknown("C-E", 'M', _people.Child(father, _people.Person())),
            .. Enumerable.Range(0, 30).Select(i => Families.Unknown($"U-E{i}", 'F', _people.Person()))]);
        await _silo.SettleAsync();

        var match = Assert.Single((await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/cases/CASE-E/matches"))!.Matches);
        Assert.Equal("C-E", match.ProfileId);
        var evidence = match.Evidence!;
        Assert.Equal((31L, 0.5), (evidence.Persons, evidence.PriorRegistered));
        // π = P(registered) / persons; the others' LRs at their mean under H2 (1): with one candidate, π·LR / (π·LR + 1 − π).
        var prior = 0.5 / 31;
        Assert.Equal(prior * match.Lr / ((prior * match.Lr) + 1 - prior), evidence.Posterior, 1e-12);
        Assert.InRange(evidence.ExpectedUnrelatedAbove, double.Epsilon, 31 / match.Lr); // Markov: P(LR ≥ x | unrelated) ≤ 1/x

        // The same figure as the case's power at that LR, times the persons.
        var power = (await _silo.Http.GetFromJsonAsync<CasePowerReport>($"/api/cases/CASE-E/power?thresholds={match.Lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"))!;
        Assert.Equal(power.Thresholds.Single(t => t.Threshold == match.Lr).ExpectedUnrelatedAbove, evidence.ExpectedUnrelatedAbove, evidence.ExpectedUnrelatedAbove * 1e-9);

        var table = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["matches", "--case", "CASE-E", "--server", _silo.Host.Url, "--key", _silo.AdminKey], table, new StringWriter()));
        Assert.Contains("prior P(registered) 0.5 spread evenly over the persons who could be the child", table.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_missing_childs_sex_once_recorded_spreads_the_prior_over_that_sex_and_rules_out_the_other()
    {
        var father = _people.Person();
        await _silo.PostAsync([Families.Reference("F-X", "CASE-X", "father", 'M', father),
            Families.Unknown("D-X", 'F', _people.Child(father, _people.Person())), Families.Unknown("S-X", 'M', _people.Child(father, _people.Person())),
            .. Enumerable.Range(0, 10).Select(i => Families.Unknown($"UF-X{i}", 'F', _people.Person())),
            .. Enumerable.Range(0, 7).Select(i => Families.Unknown($"UM-X{i}", 'M', _people.Person())),
            .. Enumerable.Range(0, 2).Select(i => Families.Unknown($"UU-X{i}", 'U', _people.Person()))]);
        await _silo.SettleAsync();

        // Unknown sex: the prior over all 21 persons, the two children sharing the case's mass.
        var before = (await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/cases/CASE-X/matches"))!.Matches;
        var (daughter, son) = (before.Single(m => m.ProfileId == "D-X"), before.Single(m => m.ProfileId == "S-X"));
        Assert.Equal(2, before.Count);
        var everyone = 0.5 / 21;
        Assert.Equal((21L, 21L, (string?)null), (daughter.Evidence!.Persons, daughter.Evidence.PriorOver, daughter.Evidence.MissingSex));
        Assert.Equal(everyone * daughter.Lr / ((everyone * (daughter.Lr + son.Lr)) + 1 - (2 * everyone)), daughter.Evidence.Posterior, 1e-12);

        // The family says the child is a girl: 11 women and 2 of unknown sex could be her; the son cannot.
        using var recorded = await _silo.Http.PutAsJsonAsync("/api/cases/CASE-X/missing-person", new { sex = "F" });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal("F", (await _silo.Http.GetFromJsonAsync<MissingPersonReply>("/api/cases/CASE-X/missing-person"))!.Sex);
        var after = (await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/cases/CASE-X/matches"))!.Matches;
        var girls = 0.5 / 13;
        var girl = after.Single(m => m.ProfileId == "D-X").Evidence!;
        Assert.Equal((21L, 13L, "F"), (girl.Persons, girl.PriorOver, girl.MissingSex));
        Assert.Equal(girls * daughter.Lr / ((girls * daughter.Lr) + 1 - girls), girl.Posterior, 1e-12);
        Assert.Equal(0, after.Single(m => m.ProfileId == "S-X").Evidence!.Posterior);
        Assert.Equal(daughter.Evidence.ExpectedUnrelatedAbove, girl.ExpectedUnrelatedAbove, 1e-12); // the case was searched against everyone

        // Cleared again, another province refused, a wrong sex named, an unknown case 404.
        using var cleared = await _silo.Http.PutAsJsonAsync("/api/cases/CASE-X/missing-person", new { sex = (string?)null });
        Assert.Equal(21L, (await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/cases/CASE-X/matches"))!.Matches[0].Evidence!.PriorOver);
        var (_, henan) = await _silo.IssueKeyAsync("provincial-office", "Henan");
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.ClientWith(henan).PutAsJsonAsync("/api/cases/CASE-X/missing-person", new { sex = "M" })).StatusCode);
        using var wrong = await _silo.Http.PutAsJsonAsync("/api/cases/CASE-X/missing-person", new { sex = "girl" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("sex: 'girl'", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.PutAsJsonAsync("/api/cases/NO-CASE/missing-person", new { sex = "F" })).StatusCode);
    }

    private sealed record MissingPersonReply(string CaseId, string? Sex);

    [Fact]
    public async Task A_cases_posteriors_sum_to_at_most_one_even_for_twins()
    {
        // The same child registered twice (two offices): both reach the same large LR.
        var (father, mother) = (_people.Person(), _people.Person());
        var child = _people.Child(father, mother);
        await _silo.PostAsync(Families.Reference("F-T", "CASE-T", "father", 'M', father), Families.Reference("M-T", "CASE-T", "mother", 'F', mother),
            Families.Unknown("T-1", 'M', child), Families.Unknown("T-2", 'M', child), Families.Unknown("T-3", 'M', _people.Child(father, mother)));
        await _silo.SettleAsync();

        var matches = (await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/cases/CASE-T/matches"))!.Matches;
        Assert.True(matches.Count >= 2, $"{matches.Count} candidates");
        var posteriors = matches.Select(m => m.Evidence!.Posterior).ToList();
        Assert.True(posteriors.Sum() <= 1 + 1e-12, $"posteriors sum to {posteriors.Sum()}");
        var twins = matches.Where(m => m.ProfileId is "T-1" or "T-2").ToList();
        Assert.True(twins.Count == 2, string.Join("; ", matches.Select(m => $"{m.ProfileId} {m.Lr:G4} {m.Evidence!.Posterior:G4}")));
        Assert.Equal(twins[0].Evidence!.Posterior, twins[1].Evidence!.Posterior, 1e-12); // the twins share the mass equally
        var one = Assert.Single((await _silo.Http.GetFromJsonAsync<MatchPageReply>("/api/profiles/T-1/matches"))!.Matches);
        Assert.Equal(twins.Single(m => m.ProfileId == "T-1").Evidence!.Posterior, one.Evidence!.Posterior, 1e-12); // the case's posterior, not a lone one
    }

    [Fact]
    public async Task A_fathers_case_is_told_to_ask_for_the_mother_with_her_figures_agreeing_with_simulated_mothers_and_children()
    {
        var father = _people.Person();
        await _silo.PostAsync([Families.Reference("F-R", "CASE-R", "father", 'M', father),
            .. Enumerable.Range(0, 10).Select(i => Families.Unknown($"U-R{i}", 'F', _people.Person()))]);
        await _silo.SettleAsync();

        var report = (await _silo.Http.GetFromJsonAsync<CasePowerReport>("/api/cases/CASE-R/power?thresholds=1000"))!;
        var advice = report.NextRelatives!;
        Assert.DoesNotContain(advice, a => a.Role == "father");
        Assert.Contains(advice, a => a.Role == "full-sibling"); // a role that may repeat is offered again
        Assert.Equal(advice.Select(a => a.Gain).OrderByDescending(g => g), advice.Select(a => a.Gain));
        var before = report.Thresholds.Single(t => t.Threshold == 10_000).TrueChild;
        Assert.All(advice, a => Assert.Equal(a.Thresholds.Single(t => t.Threshold == 10_000).TrueChild - before, a.Gain, 1e-12));

        // The mother's figures against mothers and their children drawn here, scored by the textbook trio index.
        var mother = advice.Single(a => a.Role == "mother");
        Assert.Equal("simulation", mother.Method);
        const int Draws = 1000;
        var mothers = Enumerable.Range(0, Draws).Select(_ => _people.Person()).ToList();
        var children = mothers.Select(m => Families.Trio(father, m, _people.Child(father, m))).ToList();
        var strangers = mothers.Select(m => Families.Trio(father, m, _people.Person())).ToList();
        foreach (var figure in mother.Thresholds)
        {
            var (child, stranger) = (children.Count(lr => lr >= figure.Threshold) / (double)Draws, strangers.Count(lr => lr >= figure.Threshold) / (double)Draws);
            Assert.InRange(figure.TrueChild, child - Error(child) - (3 * figure.TrueChildStandardError), child + Error(child) + (3 * figure.TrueChildStandardError));
            Assert.InRange(figure.Unrelated, stranger - Error(stranger), stranger + Error(stranger));
            Assert.True(figure.Unrelated <= (1 / figure.Threshold) + (3 * figure.UnrelatedStandardError), $"Markov's bound at {figure.Threshold}: {figure.Unrelated}");
        }

        Assert.True(mother.TrueChildMedianLog10Lr > report.TrueChildMedianLog10Lr, $"the mother moves the median from {report.TrueChildMedianLog10Lr} to {mother.TrueChildMedianLog10Lr}");

        var output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["power", "--case", "CASE-R", "--server", _silo.Host.Url, "--key", _silo.AdminKey], output, new StringWriter()));
        Assert.Matches(@"ask for the mother: P\(≥ 10000\) from \d\.\d\d to \d\.\d\d", output.ToString());
        var without = (await _silo.Http.GetFromJsonAsync<CasePowerReport>("/api/cases/CASE-R/power?relatives=false"))!;
        Assert.Null(without.NextRelatives);
    }

    [Fact]
    public async Task An_unknown_case_is_404_and_a_bad_threshold_400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _silo.Http.GetAsync("/api/cases/NO-SUCH/power")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _silo.Http.GetAsync("/api/cases/NO-SUCH/power?thresholds=often")).StatusCode);
        var error = new StringWriter();
        Assert.Equal(1, await MatchingCommand.RunAsync(["power", "--case", "NO-SUCH", "--server", _silo.Host.Url, "--key", _silo.AdminKey], new StringWriter(), error));
        Assert.Contains("no case NO-SUCH", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Four standard errors of a simulated proportion, and a floor for proportions near 0 or 1.</summary>
    private static double Error(double p) => (4 * Math.Sqrt(p * (1 - p) / 1000)) + 0.005;
}
