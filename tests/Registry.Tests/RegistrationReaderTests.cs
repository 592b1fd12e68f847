using Matching.Kinship;

namespace Matching.Registry.Tests;

public sealed class RegistrationReaderTests
{
    private static readonly Families People = new(7);

    private static async Task<RegistrationBatch> Read(params string[] lines) =>
        await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "batch.jsonl");

    private static string Good(string id = "P-1") => Families.Unknown(id, 'F', People.Person());

    [Fact]
    public async Task A_good_line_becomes_a_record_with_canonical_loci()
    {
        var loci = People.Person();
        var line = Families.Reference("R-1", "C-1", "father", 'M', loci).Replace("\"vWA\"", "\"VWA\"").Replace("\"Penta D\"", "\"PentaD\"");

        var batch = await Read(line);

        var record = Assert.Single(batch.Records);
        Assert.Empty(batch.Errors);
        Assert.Equal(ProfileCategory.FamilyReference, record.Category);
        Assert.Equal(Role.Father, record.Role);
        Assert.Equal(loci["vWA"], record.Loci["vWA"]);
        Assert.Equal(loci["Penta D"], record.Loci["Penta D"]);
    }

    [Theory]
    [InlineData("{\"category\":\"unknown-parentage\"}", "id", "missing")]
    [InlineData("not json", "line", "not a JSON object")]
    [InlineData("{\"id\":\"A\"}{\"id\":\"B\"} {\"id\":\"C\"}", "line", "3 JSON objects on one line; each registration goes on a line of its own")]
    [InlineData("{\"id\":\"X\",\"category\":\"suspect\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{}}", "category", "suspect")]
    [InlineData("{\"id\":\"X\",\"category\":\"family-reference\",\"role\":\"father\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{}}", "caseId", "needs the case")]
    [InlineData("{\"id\":\"X\",\"category\":\"family-reference\",\"caseId\":\"C\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{}}", "role", "needs its role")]
    [InlineData("{\"id\":\"X\",\"category\":\"family-reference\",\"caseId\":\"C\",\"role\":\"cousin\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{}}", "role", "unknown role 'cousin'")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"sex\":\"M\",\"loci\":{}}", "province", "missing")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"Q\",\"loci\":{\"TH01\":[\"6\",\"7\"]}}", "sex", "'Q' is not M, F or U")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"6\",\"7\"]}}", "loci", "at least 12")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"D99S999\":[\"6\",\"7\"]}}", "loci.D99S999", "unknown locus")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"6\",\"7\"],\"th01\":[\"6\",\"8\"]}}", "loci.th01", "locus TH01 is given twice")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"6\",\"7\",\"8\"]}}", "loci.TH01", "3 alleles")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[]}}", "loci.TH01", "no alleles")]
    [InlineData("{\"id\":\"X\",\"category\":\"unknown-parentage\",\"province\":\"Henan\",\"sex\":\"M\",\"loci\":{\"TH01\":[\"six\",\"7\"]}}", "loci.TH01", "'six' is not an allele")]
    public async Task A_bad_line_is_an_error_naming_line_record_field_and_reason(string line, string field, string reason)
    {
        var batch = await Read(Good("P-good-1"), line, Good("P-good-2"));

        var error = Assert.Single(batch.Errors);
        Assert.Equal("batch.jsonl line 2", error.Source);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(["P-good-1", "P-good-2"], batch.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task A_second_father_in_one_batch_and_a_changed_duplicate_are_rejected()
    {
        var batch = await Read(
            Families.Reference("R-1", "C-1", "father", 'M', People.Person()),
            Families.Reference("R-2", "C-1", "father", 'M', People.Person()),
            Good("P-1"),
            Good("P-1"));

        Assert.Equal(["R-1", "P-1"], batch.Records.Select(r => r.Id));
        Assert.Collection(batch.Errors,
            e => Assert.Equal(("R-2", "role"), (e.Record, e.Field)),
            e => Assert.Equal(("P-1", "id"), (e.Record, e.Field)));
    }

    [Fact]
    public async Task An_allele_the_table_lacks_is_accepted_with_a_warning_and_sex_comes_from_amelogenin()
    {
        var loci = People.Person();
        loci["TH01"] = Genotype.Of("6", "42");
        var line = Families.Unknown("P-9", 'M', loci).Replace("\"sex\":\"M\",", "").Replace("\"loci\":{", "\"loci\":{\"AMEL\":[\"X\",\"Y\"],");

        var batch = await Read(line);

        var record = Assert.Single(batch.Records);
        Assert.Equal(Sex.Male, record.Sex);
        Assert.False(record.Loci.ContainsKey("AMEL"));
        Assert.Contains(batch.Warnings, w => w.Contains("P-9", StringComparison.Ordinal) && w.Contains("allele 42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_line_names_its_own_loci_whatever_the_lines_before_it_named_in_that_place()
    {
        var people = Enumerable.Range(0, 6).Select(_ => People.Person()).ToList();
        var random = new Random(6);
        string[] lines =
        [
            .. people.Select((loci, i) =>
            {
                // Each line its own order, and now and then a lab's spelling of a name.
                var order = loci.Keys.OrderBy(_ => random.Next()).ToList();
                var text = Families.Unknown($"P-{i}", 'F', loci.ToDictionary());
                var body = string.Join(",", order.Select(l => $"\"{(i % 2 == 1 && l == "vWA" ? "VWA" : i % 3 == 2 && l == "TH01" ? "THO1" : l)}\":[\"{loci[l].First}\",\"{loci[l].Second}\"]"));
                return text[..text.IndexOf("\"loci\":{", StringComparison.Ordinal)] + "\"loci\":{" + body + "}}";
            }),
        ];

        var batch = await Read(lines);

        Assert.Empty(batch.Errors);
        Assert.Equal(people.Count, batch.Records.Count);
        for (var i = 0; i < people.Count; i++)
        {
            Assert.Equal(people[i].OrderBy(l => l.Key, StringComparer.Ordinal), batch.Records[i].Loci);
        }
    }

    [Fact]
    public async Task Line_numbers_continue_from_the_first_line_given()
    {
        var batch = await new RegistrationReader(Families.Table).ReadAsync(new StringReader(Good() + "\n{}"), "big.jsonl", firstLine: 1001);

        Assert.Equal("big.jsonl line 1002", Assert.Single(batch.Errors).Source);
    }
}
