using System.Text;
using Matching.Kinship.Contract;

namespace Matching.Kinship.Tests;

/// <summary>Bad input gives one clear message that names the case, the person and the locus; the other cases go on.</summary>
public sealed class BadInputTests
{
    private const string Frequencies = """{ "D3S1358": { "14": 0.1, "15": 0.2, "16": 0.3, "17": 0.4 } }""";

    private static KinshipRequest Read(string json) =>
        KinshipRequestReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "input.json");

    private static string CaseJson(string id, string references, string candidate = """{ "loci": { "D3S1358": ["15", "17"] } }""") =>
        $$"""{ "id": "{{id}}", "references": [{{references}}], "candidate": {{candidate}} }""";

    private static string File(params string[] cases) =>
        $$"""{ "frequencies": {{Frequencies}}, "cases": [{{string.Join(",", cases)}}] }""";

    [Theory]
    [InlineData("""{ "role": "cousin", "loci": { "D3S1358": ["15", "16"] } }""", new[] { "case bad", "reference 1", "cousin", "unknown role" })]
    [InlineData("""{ "role": "father", "loci": { "D3S1358": ["15", "16"] } }, { "role": "father", "loci": { "D3S1358": ["14", "16"] } }""", new[] { "case bad", "reference 2", "second father" })]
    [InlineData("""{ "role": "mother", "loci": { "D3S1358": ["15", "16", "17"] } }""", new[] { "case bad", "reference 1 (mother)", "locus D3S1358", "3 alleles" })]
    [InlineData("""{ "role": "mother", "loci": { "D3S1358": [] } }""", new[] { "case bad", "reference 1 (mother)", "locus D3S1358", "empty genotype" })]
    [InlineData("""{ "role": "mother", "loci": { "D3S1358": null } }""", new[] { "case bad", "reference 1 (mother)", "locus D3S1358", "empty genotype" })]
    [InlineData("""{ "role": "mother", "loci": { "D3S1358": ["15", "x7"] } }""", new[] { "case bad", "reference 1 (mother)", "locus D3S1358", "'x7'" })]
    public void A_bad_case_gets_its_own_error_and_the_good_case_is_still_computed(string references, string[] mentions)
    {
        var request = Read(File(
            CaseJson("good", """{ "role": "father", "loci": { "D3S1358": ["15", "16"] } }"""),
            CaseJson("bad", references)));
        var good = request.Cases[0];
        var bad = request.Cases[1];
        Assert.NotNull(good.Case);
        Assert.Null(bad.Case);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, bad.Error);
        }

        var engine = new KinshipEngine(request.Frequencies, request.Mutation);
        VectorTests.AssertClose(1 / (4 * 0.2), Cases.Lr(engine, good.Case!), "good case");
    }

    [Fact]
    public void A_candidate_with_three_alleles_is_named()
    {
        var request = Read(File(CaseJson("c3", """{ "role": "father", "loci": { "D3S1358": ["15", "16"] } }""",
            """{ "loci": { "D3S1358": ["15", "16", "17"] } }""")));
        Assert.Contains("case c3, candidate, locus D3S1358", request.Cases[0].Error);
    }

    [Theory]
    [InlineData("""{ "D3S1358": { "14": -0.1, "15": 0.5 } }""", "frequency -0.1")]
    [InlineData("""{ "D3S1358": { "14": 0, "15": 0 } }""", "frequency 0")]
    [InlineData("""{ "D3S1358": { "14": "often", "15": 0.5 } }""", "\"often\" is not a number")]
    [InlineData("""{ "D3S1358": { } }""", "D3S1358: frequencies sum to 0")]
    public void A_bad_frequency_makes_the_whole_file_unusable(string frequencies, string mention)
    {
        var json = $$"""{ "frequencies": {{frequencies}}, "cases": [] }""";
        var error = Assert.Throws<KinshipInputException>(() => Read(json));
        Assert.Contains(mention, error.Message);
        Assert.Contains("D3S1358", error.Message);
    }

    [Theory]
    [InlineData("""{ "thresholds": ["often"] }""", "power.thresholds: \"often\" is not an LR above 0")]
    [InlineData("""{ "thresholds": [0] }""", "power.thresholds: 0 is not an LR above 0")]
    [InlineData("""{ "draws": 10 }""", "power: an object with \"thresholds\"")]
    [InlineData("""{ "thresholds": [1000], "draws": 0 }""", "power.draws: 0 is not a whole number of at least 1")]
    public void A_bad_power_request_makes_the_whole_file_unusable_and_says_why(string power, string mention)
    {
        var json = $$"""{ "frequencies": {{Frequencies}}, "power": {{power}}, "cases": [] }""";
        var error = Assert.Throws<KinshipInputException>(() => Read(json));
        Assert.Contains(mention, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_power_request_is_read_with_its_defaults()
    {
        var request = Read($$"""{ "frequencies": {{Frequencies}}, "power": { "thresholds": [1000, 1e4] }, "cases": [] }""");
        Assert.Equal(new[] { 1000.0, 1e4 }, request.Power!.Thresholds);
        Assert.Equal((10_000, 1), (request.Power.Draws, request.Power.Seed));
        Assert.Null(Read(File()).Power);
    }
}
