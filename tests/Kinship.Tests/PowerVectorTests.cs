using System.Text.Json;
using Matching.Kinship.Contract;
using Matching.Kinship.Power;

namespace Matching.Kinship.Tests;

/// <summary>Exact exceedance and the true child's quantiles against the public power vectors' brackets.</summary>
public sealed class PowerVectorTests
{
    public static TheoryData<string> Files() => ["power-duo-nist-asian-none", "power-duo-nist-asian-equal"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_figure_lies_inside_its_bracket(string name)
    {
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        using var expected = JsonDocument.Parse(File.ReadAllText(SharedData.Path("vectors", "power-duo-nist-asian.expected.json")));
        var checkedFigures = 0;
        foreach (var requested in request.Cases)
        {
            var want = expected.RootElement.GetProperty(requested.Id);
            var distribution = LrDistribution.Of(engine, requested.Case!);
            foreach (var threshold in new[] { 1000.0, 10000.0, 100000.0 })
            {
                var figure = distribution.Exceedance(threshold);
                var brackets = want.GetProperty(threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Inside(brackets.GetProperty("unrelated"), figure.Unrelated, $"{requested.Id} unrelated ≥ {threshold}");
                Inside(brackets.GetProperty("trueChild"), figure.TrueChild, $"{requested.Id} true child ≥ {threshold}");
                // Near 1 a per cent of the value says little: the complement, P(LR < t | true child), is held to it too.
                var (lo, hi) = (brackets.GetProperty("trueChild")[0].GetDouble(), brackets.GetProperty("trueChild")[1].GetDouble());
                var miss = 1 - figure.TrueChild;
                Assert.True(miss >= (1 - hi) * 0.99 - 1e-12 && miss <= (1 - lo) * 1.01 + 1e-12, $"{requested.Id}: P(LR < {threshold} | true child) = {miss:R} outside [{1 - hi:R}, {1 - lo:R}]");
                Assert.True(figure.Unrelated <= 1 / threshold, $"{requested.Id}: P(LR ≥ {threshold} | unrelated) = {figure.Unrelated} breaks Markov's bound");
                checkedFigures += 2;
            }

            var quantiles = want.GetProperty("trueChildLog10Lr");
            Inside(quantiles.GetProperty("median"), distribution.TrueChildLog10Quantile(0.5).Value!.Value, $"{requested.Id} median");
            Inside(quantiles.GetProperty("p05"), distribution.TrueChildLog10Quantile(0.05).Value!.Value, $"{requested.Id} p05");
            checkedFigures += 2;
        }

        Assert.True(checkedFigures >= 64, $"only {checkedFigures} figures checked");
    }

    /// <summary>Inside [lo, hi], allowing a per cent of the value at the edges for the two grids' own rounding.</summary>
    private static void Inside(JsonElement bracket, double value, string what)
    {
        var (lo, hi) = (bracket[0].GetDouble(), bracket[1].GetDouble());
        var slack = 0.01 * Math.Max(Math.Abs(lo), Math.Abs(hi)) + 1e-15;
        Assert.True(value >= lo - slack && value <= hi + slack, $"{what}: {value:R} outside [{lo:R}, {hi:R}]");
    }

    [Fact]
    public void Setting_aside_what_cannot_reach_the_lowest_threshold_changes_no_figure()
    {
        var engine = new KinshipEngine(FrequencyTable.DefaultEastAsia(), MutationModel.RegistryDefault);
        var random = new Random(18);
        var loci = FrequencyTable.DefaultEastAsia().Loci.Take(20).Select(l => l.Locus).ToList();
        Profile Person(Sex sex) => RandomPeople.Person(FrequencyTable.DefaultEastAsia(), random, loci, sex);
        double[] thresholds = [1000, 1e4, 1e5];
        var compared = 0;
        foreach (var roles in new[] { new[] { Role.Father }, [Role.Father, Role.Mother], [Role.PaternalGrandfather, Role.PaternalGrandmother], [Role.FullSibling] })
        {
            var kinshipCase = new KinshipCase("c", [.. roles.Select(r => new Reference(r, Person(RoleNames.SexOf(r) == Sex.Female ? Sex.Female : Sex.Male), r.ToString()))], Person(Sex.Male));
            var whole = LrDistribution.Of(engine, kinshipCase).Power(thresholds);
            var pruned = LrDistribution.Power(engine, kinshipCase, thresholds);
            Assert.Equal(whole.TrueChildLog10Lr, pruned.TrueChildLog10Lr);
            foreach (var (w, p) in whole.Power.Zip(pruned.Power))
            {
                Assert.Equal(w.UnrelatedBracket.Low, p.UnrelatedBracket.Low, w.UnrelatedBracket.Low * 1e-9);
                Assert.Equal(w.UnrelatedBracket.High, p.UnrelatedBracket.High, w.UnrelatedBracket.High * 1e-9);
                Assert.Equal(w.TrueChildBracket.Low, p.TrueChildBracket.Low, 1e-12);
                Assert.Equal(w.TrueChildBracket.High, p.TrueChildBracket.High, 1e-12);
                compared++;
            }
        }

        Assert.Equal(12, compared);
    }

    [Fact]
    public void A_duos_simulated_true_children_follow_its_exact_distribution()
    {
        // No mutation: a true child takes one of the father's alleles (½ each) and one from the population.
        var table = FrequencyTable.DefaultEastAsia();
        var engine = new KinshipEngine(table, MutationModel.None);
        var random = new Random(1036);
        var loci = table.Loci.Take(20).Select(l => l.Locus).ToList();
        var father = RandomPeople.Person(table, random, loci);
        var duo = new KinshipCase("duo", [new Reference(Role.Father, father, "F")], new Profile(Sex.Male, new Dictionary<string, Genotype>()));
        var distribution = LrDistribution.Of(engine, duo);

        const int Draws = 4000;
        var simulated = new double[Draws];
        for (var d = 0; d < Draws; d++)
        {
            var child = loci.ToDictionary(l => l, l =>
            {
                var f = father[l]!.Value;
                return Genotype.Of(random.Next(2) == 0 ? f.First : f.Second, table[l]!.Draw(random));
            });
            simulated[d] = Math.Log10(engine.Evaluate(duo with { Candidate = new Profile(Sex.Male, child) }).Lr!.Value);
        }

        Array.Sort(simulated);
        // Kolmogorov–Smirnov: the empirical CDF against the exact one, read at each simulated value from the grid's
        // bracket (the exact CDF lies between the two roundings).
        var distance = 0.0;
        for (var i = 0; i < Draws; i++)
        {
            var exceed = distribution.Exceedance(Math.Pow(10, simulated[i]));
            var (cdfLow, cdfHigh) = (1 - exceed.TrueChildBracket.High, 1 - exceed.TrueChildBracket.Low);
            var (empiricalBefore, empiricalAt) = (i / (double)Draws, (i + 1) / (double)Draws);
            distance = Math.Max(distance, Math.Max(Math.Max(0, cdfLow - empiricalAt), Math.Max(0, empiricalBefore - cdfHigh)));
        }

        // The 0.1 % critical value of the one-sample KS statistic is 1.95 / √n.
        Assert.True(distance < 1.95 / Math.Sqrt(Draws), $"KS distance {distance:F4} over {Draws} draws");
    }
}
