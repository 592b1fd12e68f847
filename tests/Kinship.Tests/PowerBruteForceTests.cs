using Matching.Kinship.Power;

namespace Matching.Kinship.Tests;

/// <summary>
/// The convolved distribution against brute force: every genotype combination of a candidate at three loci of a
/// small table, its LR from the engine's general path, its probability as an unrelated person (Hardy–Weinberg,
/// computed here) and as the true child (LR × P_HW, which sums to 1 over all combinations).
/// </summary>
public sealed class PowerBruteForceTests
{
    private static readonly string[] Loci = ["D3S1358", "vWA", "TH01"];

    private static readonly FrequencyTable Table = new("small", Loci.Select((locus, i) =>
        new LocusFrequencies(locus, ["6", "7", "8", "9"], [0.1 + (0.05 * i), 0.2, 0.3, 0.4 - (0.05 * i)])));

    public static TheoryData<string, string> Cases() => new()
    {
        { "duo", "none" },
        { "trio", "none" },
        { "trio", "equal" },
        { "sibling", "equal" },
        { "grandparents", "stepwise" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exceedance_brackets_the_brute_force_and_obeys_Markovs_bound(string shape, string mutation)
    {
        var model = mutation switch
        {
            "none" => MutationModel.None,
            "equal" => new MutationModel(MutationKind.Equal, 0.01, 0.01),
            _ => new MutationModel(MutationKind.Stepwise, 0.01, 0.004),
        };
        var engine = new KinshipEngine(Table, model);
        var random = new Random(shape.Length * 31 + mutation.Length);
        Profile Person(Sex sex) => new(sex, Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(random), Table[l]!.Draw(random))));
        List<Reference> references = shape switch
        {
            "duo" => [new(Role.Father, Person(Sex.Male), "F")],
            "trio" => [new(Role.Father, Person(Sex.Male), "F"), new(Role.Mother, Person(Sex.Female), "M")],
            "sibling" => [new(Role.FullSibling, Person(Sex.Male), "S")],
            _ => [new(Role.PaternalGrandfather, Person(Sex.Male), "GF"), new(Role.PaternalGrandmother, Person(Sex.Female), "GM")],
        };

        // Every candidate: all combinations of the 10 genotypes at each of 3 loci.
        var genotypes = Loci.Select(l => Enumerable.Range(0, 4).SelectMany(a => Enumerable.Range(a, 4 - a).Select(b => (a, b))).ToArray()).ToArray();
        var outcomes = new List<(double Lr, double Unrelated, double TrueChild)>();
        foreach (var g0 in genotypes[0])
        {
            foreach (var g1 in genotypes[1])
            {
                foreach (var g2 in genotypes[2])
                {
                    var chosen = new[] { g0, g1, g2 };
                    var candidate = new Profile(Sex.Male, Loci.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => Genotype.Of(Allele(x.l, chosen[x.i].a), Allele(x.l, chosen[x.i].b))));
                    var lr = engine.Evaluate(new KinshipCase(shape, references, candidate)).Lr!.Value;
                    var hardyWeinberg = Loci.Select((l, i) => HardyWeinberg(l, chosen[i])).Aggregate(1.0, (x, y) => x * y);
                    outcomes.Add((lr, hardyWeinberg, lr * hardyWeinberg));
                }
            }
        }

        Assert.Equal(1.0, outcomes.Sum(o => o.Unrelated), 12);
        Assert.Equal(1.0, outcomes.Sum(o => o.TrueChild), 9);
        var distribution = LrDistribution.Of(engine, new KinshipCase(shape, references, new Profile(Sex.Male, new Dictionary<string, Genotype>())));
        foreach (var threshold in new[] { 0.5, 1, 2, 5, 10, 30, 100, 1000 })
        {
            var (unrelated, trueChild) = (outcomes.Where(o => o.Lr >= threshold).Sum(o => o.Unrelated), outcomes.Where(o => o.Lr >= threshold).Sum(o => o.TrueChild));
            var figure = distribution.Exceedance(threshold);
            Assert.InRange(unrelated, figure.UnrelatedBracket.Low - 1e-12, figure.UnrelatedBracket.High + 1e-12);
            Assert.InRange(trueChild, figure.TrueChildBracket.Low - 1e-12, figure.TrueChildBracket.High + 1e-12);
            Assert.True(figure.Unrelated <= (1 / threshold) + 1e-12, $"Markov's bound: P(LR ≥ {threshold} | unrelated) = {figure.Unrelated}");
        }

        // The true child's median, from the brute force, inside the quantile's bracket.
        var sorted = outcomes.Where(o => o.TrueChild > 0).OrderBy(o => o.Lr).ToList();
        var cumulative = 0.0;
        var median = sorted.First(o => (cumulative += o.TrueChild) >= 0.5).Lr;
        var (_, low, high) = distribution.TrueChildLog10Quantile(0.5);
        Assert.InRange(Math.Log10(median), low - 1e-9, high + 1e-9);
    }

    private static string Allele(string locus, int index) => Table[locus]!.Alleles[index];

    private static double HardyWeinberg(string locus, (int A, int B) genotype)
    {
        var p = Table[locus]!.Frequencies;
        var total = p.Sum();
        return genotype.A == genotype.B ? Math.Pow(p[genotype.A] / total, 2) : 2 * p[genotype.A] * p[genotype.B] / (total * total);
    }
}
