using System.Text.Json;
using Matching.Client.Commands;

namespace Matching.Client.Tests;

/// <summary>`matching kinship`: the contract's output for a file of cases, and one clear message for a file it cannot use.</summary>
public sealed class KinshipCommandTests
{
    private const string Frequencies = """{ "D3S1358": { "14": 0.1, "15": 0.2, "16": 0.3, "17": 0.4 } }""";

    private static string CaseJson(string id, string references) =>
        $$"""{ "id": "{{id}}", "references": [{{references}}], "candidate": { "loci": { "D3S1358": ["15", "17"] } } }""";

    [Fact]
    public async Task The_command_exits_2_with_one_clear_message_on_a_malformed_file()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, """{ "frequencies": { "D3S1358": { "14": 0.5 """);
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await MatchingCommand.RunAsync(["kinship", path], output, error);
        Assert.Equal(KinshipCommand.UnusableInput, code);
        Assert.Contains("not valid JSON", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
        File.Delete(path);
    }

    [Fact]
    public async Task The_command_prints_the_contract_output()
    {
        var path = Path.GetTempFileName();
        var duo = CaseJson("duo", """{ "role": "mother", "loci": { "D3S1358": ["15", "16"] } }""");
        var broken = CaseJson("broken", """{ "role": "aunt", "loci": { "D3S1358": ["15", "16"] } }""");
        await File.WriteAllTextAsync(path, $$"""{ "frequencies": {{Frequencies}}, "cases": [{{duo}}, {{broken}}] }""");
        var output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["kinship", path], output, new StringWriter()));
        using var document = JsonDocument.Parse(output.ToString());
        var results = document.RootElement.GetProperty("results");
        // A mother 15/16 and a candidate 15/17: she passes 15 with probability ½, the father 17 with its frequency 0.4,
        // against the candidate's Hardy–Weinberg 2 × 0.2 × 0.4.
        var expected = 0.5 * 0.4 / (2 * 0.2 * 0.4);
        Assert.Equal(expected, results[0].GetProperty("lr").GetDouble(), expected * 1e-12);
        Assert.Equal(Math.Log10(expected), results[0].GetProperty("log10Lr").GetDouble(), 1e-12);
        Assert.Equal(JsonValueKind.Null, results[1].GetProperty("lr").ValueKind);
        Assert.Contains("unknown role 'aunt'", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task A_power_request_adds_each_cases_power_inside_the_public_brackets()
    {
        var output = new StringWriter();
        var input = Kinship.Tests.SharedData.Path("vectors", "power-duo-nist-asian-equal.input.json");
        Assert.Equal(0, await MatchingCommand.RunAsync(["kinship", input], output, new StringWriter()));
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Kinship.Tests.SharedData.Path("vectors", "power-duo-nist-asian.expected.json")));
        using var document = JsonDocument.Parse(output.ToString());
        var figures = 0;
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            var want = expected.RootElement.GetProperty(result.GetProperty("id").GetString()!);
            foreach (var figure in result.GetProperty("power").EnumerateArray())
            {
                var bracket = want.GetProperty(figure.GetProperty("threshold").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var name in new[] { "unrelated", "trueChild" })
                {
                    var (lo, hi, value) = (bracket.GetProperty(name)[0].GetDouble(), bracket.GetProperty(name)[1].GetDouble(), figure.GetProperty(name).GetDouble());
                    Assert.InRange(value, lo * 0.99, hi * 1.01);
                    Assert.Equal(0, figure.GetProperty(name + "StandardError").GetDouble()); // exact
                    figures++;
                }
            }

            var median = result.GetProperty("trueChildLog10Lr").GetProperty("median").GetDouble();
            Assert.InRange(median, want.GetProperty("trueChildLog10Lr").GetProperty("median")[0].GetDouble() - 0.01, want.GetProperty("trueChildLog10Lr").GetProperty("median")[1].GetDouble() + 0.01);
        }

        Assert.Equal(8 * 3 * 2, figures);
    }

    [Fact]
    public async Task With_theta_the_power_is_still_given_exactly_and_keeps_to_Markovs_bound()
    {
        // The public cases with θ = 0.03: each locus keeps its own subpopulation probabilities, so the figures stay exact.
        var input = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Kinship.Tests.SharedData.Path("vectors", "power-duo-nist-asian-none.input.json")))!;
        input["theta"] = 0.03;
        var path = Path.Combine(Path.GetTempPath(), $"power-theta-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, input.ToJsonString());
        var output = new StringWriter();
        Assert.Equal(0, await MatchingCommand.RunAsync(["kinship", path], output, new StringWriter()));
        File.Delete(path);
        using var document = JsonDocument.Parse(output.ToString());
        var cases = 0;
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            Assert.DoesNotContain(result.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("power", StringComparison.Ordinal));
            var previous = (Unrelated: 1.0, TrueChild: 1.0);
            foreach (var figure in result.GetProperty("power").EnumerateArray())
            {
                var (t, unrelated, trueChild) = (figure.GetProperty("threshold").GetDouble(), figure.GetProperty("unrelated").GetDouble(), figure.GetProperty("trueChild").GetDouble());
                Assert.True(unrelated <= 1 / t, $"P(LR ≥ {t} | unrelated) = {unrelated}");
                Assert.True(unrelated <= previous.Unrelated && trueChild <= previous.TrueChild, "a higher threshold is reached no more often");
                Assert.True(trueChild > unrelated, $"at {t} the true child ({trueChild}) reaches it more often than a stranger ({unrelated})");
                Assert.Equal(0, figure.GetProperty("unrelatedStandardError").GetDouble());
                previous = (unrelated, trueChild);
            }

            cases++;
        }

        Assert.Equal(8, cases);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("matches")]
    [InlineData("research")]
    [InlineData("power")]
    [InlineData("kinship")]
    public async Task Every_subcommand_answers_help_with_its_usage(string verb)
    {
        foreach (var ask in new[] { "--help", "-h" })
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await MatchingCommand.RunAsync([verb, ask], output, error));
            Assert.StartsWith($"usage: matching {verb}", output.ToString(), StringComparison.Ordinal);
            Assert.Empty(error.ToString());
            Assert.Contains(output.ToString().Trim(), MatchingCommand.Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_option_a_usage_does_not_name_is_refused_naming_it()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(MatchingCommand.Usage, await MatchingCommand.RunAsync(["matches", "--all", "--batch", "2"], output, error));
        Assert.Contains("unknown option --batch", error.ToString(), StringComparison.Ordinal);
    }
}
