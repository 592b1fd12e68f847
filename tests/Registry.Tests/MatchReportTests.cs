using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>
/// The match report of a father's case and his child, who carries a one-repeat mutation at one locus, on a silo with
/// the stepwise mutation model: each locus's LR, the mark where only a mutation explains the locus, the combined LR
/// against the stored one, the pedigree and the settings.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MatchReportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string MutatedLocus = "D8S1179";

    private readonly Families _people = new(9090);
    private SiloUnderTest _silo = null!;
    private Dictionary<string, Genotype> _father = null!;
    private Dictionary<string, Genotype> _child = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloUnderTest.StartAsync(postgres, "report", o => (o.Mutation, o.ReportingThreshold) = (MutationModel.RegistryDefault, 1));
        _father = _people.Person();
        _child = Families.WithMutation(_father, _people.Child(_father, _people.Person()), MutatedLocus);
        await _silo.PostAsync(Families.Reference("F-1", "CASE-1", "father", 'M', _father, "Sichuan"), Families.Unknown("U-1", 'F', _child, "Yunnan"));
        await _silo.SettleAsync();
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task The_report_gives_each_locus_its_lr_marks_the_mutation_and_multiplies_to_the_stored_lr()
    {
        var report = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/cases/CASE-1/candidates/U-1/report");

        var loci = report.GetProperty("loci").EnumerateArray().ToList();
        Assert.Equal(_child.Keys.Order(StringComparer.Ordinal), loci.Select(l => l.GetProperty("locus").GetString()));
        foreach (var line in loci)
        {
            var locus = line.GetProperty("locus").GetString()!;
            Assert.Equal(new[] { _child[locus].First, _child[locus].Second }, line.GetProperty("candidate").EnumerateArray().Select(a => a.GetString()));
            var father = Assert.Single(line.GetProperty("references").EnumerateArray());
            Assert.Equal(new[] { _father[locus].First, _father[locus].Second }, father.EnumerateArray().Select(a => a.GetString()));

            // Brute force: a father and child who share no allele are explained only by a mutation.
            var shares = new[] { _child[locus].First, _child[locus].Second }.Intersect([_father[locus].First, _father[locus].Second]).Any();
            Assert.Equal(!shares, line.GetProperty("mutationOnly").GetBoolean());
            if (shares)
            {
                // Away from the mutation the stepwise model moves the textbook paternity index only a little.
                var textbook = Families.Duo(new() { [locus] = _father[locus] }, new() { [locus] = _child[locus] });
                Assert.InRange(line.GetProperty("lr").GetDouble() / textbook, 0.95, 1.05);
            }
        }

        Assert.Equal([MutatedLocus], loci.Where(l => l.GetProperty("mutationOnly").GetBoolean()).Select(l => l.GetProperty("locus").GetString()));
        var product = loci.Aggregate(1.0, (p, l) => p * l.GetProperty("lr").GetDouble());
        var lr = report.GetProperty("lr").GetDouble();
        Assert.Equal(product, lr, lr * 1e-9);
        // The search's kernel stored the same LR by its own path.
        var stored = report.GetProperty("stored");
        Assert.Equal(stored.GetProperty("lr").GetDouble(), lr, lr * 1e-9);
        Assert.Equal(1, stored.GetProperty("rank").GetInt32());

        var settings = report.GetProperty("settings");
        Assert.Equal(("stepwise", 0.002), (settings.GetProperty("mutationModel").GetString(), settings.GetProperty("maleRate").GetDouble()));
        Assert.Equal("candidate", report.GetProperty("review").GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_pedigree_puts_the_candidate_in_the_missing_persons_place_with_the_typed_father_and_the_untyped_mother()
    {
        var report = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/cases/CASE-1/candidates/U-1/report");
        var members = report.GetProperty("pedigree").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);

        Assert.Equal(["F", "MP", "Mo"], members.Keys.Order(StringComparer.Ordinal));
        var missing = members["MP"];
        Assert.True(missing.GetProperty("missingPerson").GetBoolean());
        Assert.Equal(("F", "Mo", "F"), (missing.GetProperty("father").GetString(), missing.GetProperty("mother").GetString(), missing.GetProperty("sex").GetString()));
        Assert.Equal((true, "F-1", "M"), (members["F"].GetProperty("typed").GetBoolean(), members["F"].GetProperty("profileId").GetString(),
            members["F"].GetProperty("sex").GetString()));
        Assert.Equal((false, "F"), (members["Mo"].GetProperty("typed").GetBoolean(), members["Mo"].GetProperty("sex").GetString()));
    }

    [Fact]
    public async Task A_pair_that_was_never_a_candidate_has_no_report_and_the_reading_is_audited()
    {
        await _silo.PostAsync(Families.Unknown("U-2", 'M', _people.Person(), "Yunnan"));
        await _silo.SettleAsync();
        using var none = await _silo.Http.GetAsync("/api/cases/CASE-1/candidates/U-2/report");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var unknown = await _silo.Http.GetAsync("/api/cases/NO-CASE/candidates/U-1/report");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var read = await _silo.Http.GetAsync("/api/cases/CASE-1/candidates/U-1/report");
        read.EnsureSuccessStatusCode();
        var rows = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/audit?subject=U-1");
        var row = rows.GetProperty("rows").EnumerateArray().Last(r => r.GetProperty("action").GetString() == "read-report");
        Assert.Equal(["CASE-1", "U-1"], row.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(1, row.GetProperty("rows").GetInt32());
    }
}
