using Matching.Kinship.Contract;

namespace Matching.Kinship.Tests;

/// <summary>
/// A candidate of unknown sex: ½(LR_M + LR_F) where sex-specific rates reach MP's children, otherwise the LR of
/// either sex, on the vectors with sex-specific rates.
/// </summary>
public sealed class UnknownSexTests
{
    [Fact]
    public void Unknown_sex_gives_the_mean_of_the_two_sexes_where_sex_matters_and_the_vector_LR_elsewhere()
    {
        const string name = "hispanic-public-stepwise-sexrates";
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        Assert.NotEqual(request.Mutation.MaleRate, request.Mutation.FemaleRate);
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        var expected = VectorResults.Read(name);

        var (withChildren, without, differing) = (0, 0, 0);
        foreach (var requested in request.Cases)
        {
            var kinshipCase = requested.Case!;
            var unknown = engine.Evaluate(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Unknown } });
            Assert.Null(unknown.Error);
            var vectorLr = expected[requested.Id];
            if (kinshipCase.References.Any(r => r.Role == Role.Child))
            {
                // The vector gives the LR for the candidate's stated sex; the other sex comes from the engine, checked
                // against the vector for that sex in the cases that state it.
                var male = engine.Evaluate(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Male } }).Lr!.Value;
                var female = engine.Evaluate(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Female } }).Lr!.Value;
                VectorTests.AssertClose(vectorLr, kinshipCase.Candidate.Sex == Sex.Male ? male : female, requested.Id);
                VectorTests.AssertClose((male + female) / 2, unknown.Lr!.Value, requested.Id);
                differing += Math.Abs(male - female) > 1e-6 * Math.Max(male, female) ? 1 : 0;
                withChildren++;
            }
            else
            {
                VectorTests.AssertClose(vectorLr, unknown.Lr!.Value, requested.Id);
                without++;
            }
        }

        Assert.True(withChildren >= 5 && without >= 20, $"{withChildren} cases with children, {without} without");
        Assert.True(differing > 0, "no case's LR differed between the sexes, so the mean was never tested");
    }

    [Fact]
    public void The_LR_of_every_genotype_for_an_unknown_sex_agrees_with_the_cases_own_LR_at_each_locus()
    {
        const string name = "hispanic-public-stepwise-sexrates";
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        var compared = 0;
        foreach (var kinshipCase in request.Cases.Select(c => c.Case!).Where(c => c.References.Any(r => r.Role == Role.Child)))
        {
            var unknown = kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Unknown } };
            var byLocus = engine.Evaluate(unknown).Loci.ToDictionary(l => l.Locus, l => l.Lr);
            foreach (var (locus, genotype) in kinshipCase.Candidate.Loci)
            {
                var table = request.Frequencies[locus]!;
                var (a, b) = (table.IndexOf(genotype.First), table.IndexOf(genotype.Second));
                if (a < 0 || b < 0)
                {
                    continue; // an allele the table lacks: not one of the table's genotypes
                }

                VectorTests.AssertClose(byLocus[locus], engine.LikelihoodRatiosByGenotype(unknown, locus)[GenotypeIndex.Of(a, b)], $"{kinshipCase.Id} {locus}");
                compared++;
            }
        }

        Assert.True(compared > 50, $"only {compared} loci compared");
    }

    [Fact]
    public void Without_sex_specific_rates_unknown_sex_changes_nothing()
    {
        const string name = "eastasia-public-mut-equal";
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        var expected = VectorResults.Read(name);
        foreach (var requested in request.Cases)
        {
            var kinshipCase = requested.Case!;
            var unknown = engine.Evaluate(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Unknown } });
            VectorTests.AssertClose(expected[requested.Id], unknown.Lr!.Value, requested.Id);
        }
    }

    [Fact]
    public void The_contract_reads_U_as_unknown_sex()
    {
        var json = """
            {"frequencies": {"TH01": {"6": 0.5, "7": 0.5}},
             "cases": [{"id": "c", "references": [{"role": "child", "loci": {"TH01": ["6", "6"]}}],
                        "candidate": {"sex": "U", "loci": {"TH01": ["6", "7"]}}}]}
            """;
        var request = KinshipRequestReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "inline");
        Assert.Equal(Sex.Unknown, request.Cases[0].Case!.Candidate.Sex);
    }
}
