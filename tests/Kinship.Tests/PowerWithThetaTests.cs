using Matching.Kinship.Power;

namespace Matching.Kinship.Tests;

/// <summary>
/// Exact power with θ > 0 against brute force. A duo: the father is a founder of the subpopulation, and an
/// unrelated candidate is one more, whose two alleles follow Balding and Nichols' sampling formula given the
/// father's (written out here); the true child's probability is that times the engine's LR, which must sum to 1.
/// </summary>
public sealed class PowerWithThetaTests
{
    private const double Theta = 0.03;
    private static readonly string[] Loci = ["D3S1358", "vWA", "TH01"];

    private static readonly FrequencyTable Table = new("small", Loci.Select((locus, i) =>
        new LocusFrequencies(locus, ["6", "7", "8", "9"], [0.1 + (0.05 * i), 0.2, 0.3, 0.4 - (0.05 * i)])));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Exceedance_brackets_the_brute_force_of_a_duo(int seed)
    {
        var engine = new KinshipEngine(Table, new MutationModel(MutationKind.Equal, 0.01, 0.01), Theta);
        var random = new Random(seed);
        var father = new Profile(Sex.Male, Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(random), Table[l]!.Draw(random))));
        List<Reference> references = [new(Role.Father, father, "F")];
        var pairs = Enumerable.Range(0, 4).SelectMany(a => Enumerable.Range(a, 4 - a).Select(b => (A: a, B: b))).ToArray();
        var outcomes = new List<(double Lr, double Unrelated, double TrueChild)>();
        foreach (var g0 in pairs)
        {
            foreach (var g1 in pairs)
            {
                foreach (var g2 in pairs)
                {
                    (int A, int B)[] chosen = [g0, g1, g2];
                    var candidate = new Profile(Sex.Male, Loci.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => Genotype.Of(Allele(x.l, chosen[x.i].A), Allele(x.l, chosen[x.i].B))));
                    var lr = engine.Evaluate(new KinshipCase("duo", references, candidate)).Lr!.Value;
                    var unrelated = Loci.Select((l, i) => OneMoreFounder(l, father[l]!.Value, chosen[i])).Aggregate(1.0, (x, y) => x * y);
                    outcomes.Add((lr, unrelated, lr * unrelated));
                }
            }
        }

        Assert.Equal(1.0, outcomes.Sum(o => o.Unrelated), 12);
        Assert.Equal(1.0, outcomes.Sum(o => o.TrueChild), 9);
        var unknown = new KinshipCase("duo", references, new Profile(Sex.Male, new Dictionary<string, Genotype>()));
        var distribution = LrDistribution.Of(engine, unknown);
        var simulated = LrSimulation.Power(engine, unknown, [0.5, 1, 2, 5, 10, 30, 100], 20000, seed);
        foreach (var (threshold, i) in new[] { 0.5, 1, 2, 5, 10, 30, 100 }.Select((t, i) => (t, i)))
        {
            var (unrelated, trueChild) = (outcomes.Where(o => o.Lr >= threshold).Sum(o => o.Unrelated), outcomes.Where(o => o.Lr >= threshold).Sum(o => o.TrueChild));
            var figure = distribution.Exceedance(threshold);
            Assert.InRange(unrelated, figure.UnrelatedBracket.Low - 1e-12, figure.UnrelatedBracket.High + 1e-12);
            Assert.InRange(trueChild, figure.TrueChildBracket.Low - 1e-12, figure.TrueChildBracket.High + 1e-12);
            var drawn = simulated.Power[i];
            Assert.True(Math.Abs(drawn.Unrelated - unrelated) <= (3 * drawn.UnrelatedStandardError) + 1e-12, $"LR ≥ {threshold}: simulated {drawn.Unrelated} ± {drawn.UnrelatedStandardError}, brute force {unrelated}");
            Assert.True(Math.Abs(drawn.TrueChild - trueChild) <= (3 * drawn.TrueChildStandardError) + 1e-12, $"LR ≥ {threshold}: simulated true child {drawn.TrueChild} ± {drawn.TrueChildStandardError}, brute force {trueChild}");
        }
    }

    /// <summary>P(candidate's genotype | the father's two alleles seen) in the subpopulation: each allele (n_a θ + (1 − θ) p_a) / (1 + (n − 1) θ).</summary>
    private static double OneMoreFounder(string locus, Genotype father, (int A, int B) candidate)
    {
        var seen = new List<string> { father.First, father.Second };
        double Next(string allele)
        {
            var p = Table[locus]!.Frequencies[Table[locus]!.IndexOf(allele)] / Table[locus]!.Frequencies.Sum();
            var probability = ((seen.Count(s => s == allele) * Theta) + ((1 - Theta) * p)) / (1 + ((seen.Count - 1) * Theta));
            seen.Add(allele);
            return probability;
        }

        var (a, b) = (Allele(locus, candidate.A), Allele(locus, candidate.B));
        return candidate.A == candidate.B ? Next(a) * Next(a) : 2 * Next(a) * Next(b);
    }

    private static string Allele(string locus, int index) => Table[locus]!.Alleles[index];
}
