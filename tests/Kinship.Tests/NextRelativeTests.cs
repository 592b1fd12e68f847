using System.Diagnostics;
using Matching.Kinship.Contract;
using Matching.Kinship.Power;

namespace Matching.Kinship.Tests;

/// <summary>The power with one more relative, against brute force over that relative's genotypes, and its ranking on real cases.</summary>
public sealed class NextRelativeTests
{
    private static readonly string[] Loci = ["D3S1358", "vWA"];

    private static readonly FrequencyTable Table = new("small", Loci.Select((locus, i) =>
        new LocusFrequencies(locus, ["6", "7", "8", "9"], [0.1 + (0.05 * i), 0.2, 0.3, 0.4 - (0.05 * i)])));

    [Fact]
    public void A_mother_added_to_a_duo_matches_the_brute_force_over_her_genotypes_and_the_childs()
    {
        var engine = new KinshipEngine(Table, new MutationModel(MutationKind.Equal, 0.01, 0.01));
        var random = new Random(21);
        var father = new Profile(Sex.Male, Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(random), Table[l]!.Draw(random))));
        var pairs = Enumerable.Range(0, 4).SelectMany(a => Enumerable.Range(a, 4 - a).Select(b => (A: a, B: b))).ToArray();
        var outcomes = new List<(double Lr, double Unrelated, double TrueChild)>();
        // The mother is unrelated to the father: P(her genotype | the father) is Hardy–Weinberg.
        foreach (var m0 in pairs)
        {
            foreach (var m1 in pairs)
            {
                var mother = Person(Sex.Female, m0, m1);
                var weight = HardyWeinberg(Loci[0], m0) * HardyWeinberg(Loci[1], m1);
                List<Reference> references = [new(Role.Father, father, "F"), new(Role.Mother, mother, "M")];
                foreach (var g0 in pairs)
                {
                    foreach (var g1 in pairs)
                    {
                        var lr = engine.Evaluate(new KinshipCase("trio", references, Person(Sex.Male, g0, g1))).Lr!.Value;
                        var hardyWeinberg = HardyWeinberg(Loci[0], g0) * HardyWeinberg(Loci[1], g1);
                        outcomes.Add((lr, weight * hardyWeinberg, weight * lr * hardyWeinberg));
                    }
                }
            }
        }

        Assert.Equal(1.0, outcomes.Sum(o => o.TrueChild), 9);
        var duo = new KinshipCase("duo", [new(Role.Father, father, "F")], new Profile(Sex.Male, new Dictionary<string, Genotype>()));
        double[] thresholds = [0.5, 1, 2, 4, 8, 16, 50];
        var power = NextRelative.With(engine, duo, Role.Mother, thresholds);
        foreach (var figure in power.Power)
        {
            var (unrelated, trueChild) = (outcomes.Where(o => o.Lr >= figure.Threshold).Sum(o => o.Unrelated), outcomes.Where(o => o.Lr >= figure.Threshold).Sum(o => o.TrueChild));
            Assert.InRange(unrelated, figure.UnrelatedBracket.Low - 1e-12, figure.UnrelatedBracket.High + 1e-12);
            Assert.InRange(trueChild, figure.TrueChildBracket.Low - 1e-12, figure.TrueChildBracket.High + 1e-12);
        }
    }

    [Theory]
    [InlineData(Role.FullSibling)]
    [InlineData(Role.PaternalGrandmother)]
    [InlineData(Role.PaternalUncle)]
    public void A_relatives_genotype_probabilities_given_the_references_sum_to_one(Role role)
    {
        // P(r | references) = L(references + r) / L(references): over every r it must sum to 1. Without mutation only: a
        // mutation model whose stationary distribution is not the table's gives a founder's child other frequencies,
        // so the relative's pedigree moves the references' likelihood (NextRelative renormalises for that).
        var engine = new KinshipEngine(Table, MutationModel.None);
        var random = new Random(4);
        var father = new Profile(Sex.Male, Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(random), Table[l]!.Draw(random))));
        var sibling = new Profile(Sex.Female, Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(random), Table[l]!.Draw(random))));
        var kinshipCase = new KinshipCase("c", [new(Role.Father, father, "F"), new(Role.MaternalHalfSibling, sibling, "S")], new Profile(Sex.Unknown, new Dictionary<string, Genotype>()));
        foreach (var locus in Loci)
        {
            var without = engine.GenotypesAt(kinshipCase, locus).ReferencesLikelihood;
            var alleles = Table[locus]!.Alleles;
            var sum = 0.0;
            for (var a = 0; a < alleles.Count; a++)
            {
                for (var b = a; b < alleles.Count; b++)
                {
                    var relative = new Profile(RoleNames.SexOf(role), new Dictionary<string, Genotype> { [locus] = Genotype.Of(alleles[a], alleles[b]) });
                    sum += engine.GenotypesAt(kinshipCase with { References = [.. kinshipCase.References, new(role, relative, "R")] }, locus).ReferencesLikelihood / without;
                }
            }

            Assert.Equal(1.0, sum, 9);
        }
    }

    [Fact]
    public void Adding_a_true_parent_never_lowers_the_median_and_the_ranking_puts_the_largest_gain_first()
    {
        using var input = File.OpenRead(SharedData.Path("vectors", "power-duo-nist-asian-equal.input.json"));
        var request = KinshipRequestReader.Read(input, "duo");
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        double[] thresholds = [1000, 10000];
        foreach (var kinshipCase in request.Cases.Take(2).Select(c => c.Case!))
        {
            var current = LrDistribution.Power(engine, kinshipCase, thresholds);
            var clock = Stopwatch.StartNew();
            var ranked = NextRelative.Rank(engine, kinshipCase, current, thresholds, 10000, 4000, 3);
            var elapsed = clock.Elapsed;
            var parent = kinshipCase.References.Single().Role;
            Assert.True(parent is Role.Father or Role.Mother, $"{kinshipCase.Id} is not a one-parent case");
            Assert.DoesNotContain(ranked, r => r.Role == parent);
            var otherParent = parent == Role.Father ? Role.Mother : Role.Father;
            var other = ranked.Single(r => r.Role == otherParent).Power;
            var exact = NextRelative.With(engine, kinshipCase, otherParent, thresholds);
            // The median's bracket is one grid step per locus wide: a parent added may not lower it beyond that.
            var slack = LrDistribution.DefaultStep * engine.Frequencies.Loci.Count / Math.Log(10);
            Assert.True(exact.TrueChildLog10Lr.Median >= current.TrueChildLog10Lr.Median - slack,
                $"{kinshipCase.Id}: median log10 LR {current.TrueChildLog10Lr.Median} with one parent, {exact.TrueChildLog10Lr.Median} with both");
            Assert.True(exact.Power[1].TrueChild >= current.Power[1].TrueChild - 1e-9);
            // The draws agree with the exact mixture within 3 standard errors (and the grid's bracket).
            foreach (var (drawn, truth) in other.Power.Zip(exact.Power))
            {
                Assert.True(Math.Abs(drawn.TrueChild - truth.TrueChild) <= (3 * drawn.TrueChildStandardError) + 1e-3, $"{kinshipCase.Id} ≥ {drawn.Threshold}: drawn {drawn.TrueChild} ± {drawn.TrueChildStandardError}, exact {truth.TrueChild}");
                Assert.True(Math.Abs(drawn.Unrelated - truth.Unrelated) <= (3 * drawn.UnrelatedStandardError) + (truth.UnrelatedBracket.High - truth.UnrelatedBracket.Low),
                    $"{kinshipCase.Id} ≥ {drawn.Threshold}: drawn unrelated {drawn.Unrelated} ± {drawn.UnrelatedStandardError}, exact {truth.Unrelated}");
            }

            // Markov's bound holds with the relative mixed in as without.
            Assert.All(ranked, r => Assert.All(r.Power.Power, p => Assert.True(p.Unrelated <= (1 / p.Threshold) + (3 * p.UnrelatedStandardError))));
            var gains = ranked.Select(r => r.Power.Power[1].TrueChild).ToList();
            Assert.Equal(gains.OrderByDescending(g => g), gains);
            Assert.True(ranked[0].Power.Power[1].TrueChild > current.Power[1].TrueChild, $"{kinshipCase.Id}: no relative raises P(LR ≥ 10⁴)");
            Console.WriteLine($"{kinshipCase.Id}: {ranked.Count} relatives ranked in {elapsed.TotalMilliseconds:F0} ms; best {RoleNames.Name(ranked[0].Role)}");
        }
    }

    private static Profile Person(Sex sex, (int A, int B) first, (int A, int B) second) => new(sex, new Dictionary<string, Genotype>
    {
        [Loci[0]] = Genotype.Of(Allele(Loci[0], first.A), Allele(Loci[0], first.B)),
        [Loci[1]] = Genotype.Of(Allele(Loci[1], second.A), Allele(Loci[1], second.B)),
    });

    private static string Allele(string locus, int index) => Table[locus]!.Alleles[index];

    private static double HardyWeinberg(string locus, (int A, int B) genotype)
    {
        var p = Table[locus]!.Frequencies;
        var total = p.Sum();
        return genotype.A == genotype.B ? Math.Pow(p[genotype.A] / total, 2) : 2 * p[genotype.A] * p[genotype.B] / (total * total);
    }
}
