using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>Sex is optional: a role or Amelogenin gives it, a contradiction is an error naming both, else it is unknown.</summary>
public sealed class SexRuleTests
{
    private static readonly Families People = new(11);

    private static string Line(string role, string? sex, string[]? amelogenin = null)
    {
        var loci = People.Person().ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second });
        if (amelogenin is not null)
        {
            loci["AMEL"] = amelogenin;
        }

        var fields = new Dictionary<string, object?> { ["id"] = "R-1", ["province"] = "Sichuan", ["loci"] = loci };
        if (role == "person")
        {
            fields["category"] = "unknown-parentage";
        }
        else
        {
            (fields["category"], fields["caseId"], fields["role"]) = ("family-reference", "C-1", role);
        }

        if (sex is not null)
        {
            fields["sex"] = sex;
        }

        return JsonSerializer.Serialize(fields);
    }

    private static async Task<RegistrationBatch> Read(string line) =>
        await new RegistrationReader(Families.Table).ReadAsync(new StringReader(line), "sex.jsonl");

    [Theory]
    [InlineData("father", Sex.Male)]
    [InlineData("paternal-grandfather", Sex.Male)]
    [InlineData("maternal-grandfather", Sex.Male)]
    [InlineData("paternal-uncle", Sex.Male)]
    [InlineData("maternal-uncle", Sex.Male)]
    [InlineData("mother", Sex.Female)]
    [InlineData("paternal-grandmother", Sex.Female)]
    [InlineData("maternal-grandmother", Sex.Female)]
    [InlineData("paternal-aunt", Sex.Female)]
    [InlineData("maternal-aunt", Sex.Female)]
    [InlineData("full-sibling", Sex.Unknown)]
    [InlineData("paternal-half-sibling", Sex.Unknown)]
    [InlineData("child", Sex.Unknown)]
    [InlineData("person", Sex.Unknown)]
    public async Task Without_a_sex_the_role_gives_it_or_it_is_unknown(string role, Sex expected)
    {
        foreach (var sex in new string?[] { null, "", "  " })
        {
            var batch = await Read(Line(role, sex));
            Assert.Empty(batch.Errors);
            Assert.Equal(expected, Assert.Single(batch.Records).Sex);
        }
    }

    [Theory]
    [InlineData("full-sibling", "X,Y", Sex.Male)]
    [InlineData("person", "X", Sex.Female)]
    [InlineData("child", "x,y", Sex.Male)]
    [InlineData("father", "X", Sex.Male)] // AMELY deletion: the role is believed
    public async Task Amelogenin_gives_the_sex_where_no_sex_is_stated(string role, string amelogenin, Sex expected)
    {
        var batch = await Read(Line(role, null, amelogenin.Split(',')));
        Assert.Empty(batch.Errors);
        Assert.Equal(expected, Assert.Single(batch.Records).Sex);
    }

    [Theory]
    [InlineData("father", "F", null, "sex", "'F' contradicts role father, which is male")]
    [InlineData("maternal-aunt", "M", null, "sex", "'M' contradicts role maternal-aunt, which is female")]
    [InlineData("person", "F", "X,Y", "sex", "'F' contradicts Amelogenin (loci.AMEL X,Y), which shows a person male")]
    [InlineData("full-sibling", "M", "X", "sex", "'M' contradicts Amelogenin (loci.AMEL X)")]
    [InlineData("mother", null, "X,Y", "loci.AMEL", "Amelogenin (loci.AMEL X,Y) shows a man, but role mother is a woman's")]
    [InlineData("person", "Q", null, "sex", "'Q' is not M, F or U")]
    public async Task A_contradiction_is_an_error_naming_both(string role, string? sex, string? amelogenin, string field, string reason)
    {
        var batch = await Read(Line(role, sex, amelogenin?.Split(',')));
        Assert.Empty(batch.Records);
        var error = Assert.Single(batch.Errors);
        Assert.Equal((field, "R-1"), (error.Field, error.Record));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("male", Sex.Male)]
    [InlineData("Female", Sex.Female)]
    [InlineData("U", Sex.Unknown)]
    [InlineData("unknown", Sex.Unknown)]
    public async Task A_stated_sex_is_read_as_labs_write_it(string sex, Sex expected)
    {
        var batch = await Read(Line("full-sibling", sex));
        Assert.Equal(expected, Assert.Single(batch.Records).Sex);
    }
}
