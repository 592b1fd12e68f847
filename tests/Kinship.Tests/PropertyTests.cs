namespace Matching.Kinship.Tests;

/// <summary>Properties every exact kinship LR must have, on random cases from a real frequency table.</summary>
public sealed class PropertyTests
{
    private static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();

    [Fact]
    public void Full_siblings_are_symmetric()
    {
        var engine = new KinshipEngine(Table, MutationModel.None);
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var x = RandomPeople.Person(Table, random);
            var y = RandomPeople.Person(Table, random);
            var forward = Cases.Lr(engine, new KinshipCase("s", [new Reference(Role.FullSibling, y, "sibling")], x));
            var backward = Cases.Lr(engine, new KinshipCase("s", [new Reference(Role.FullSibling, x, "sibling")], y));
            VectorTests.AssertClose(forward, backward, $"trial {trial}", 1e-12);
        }
    }

    [Theory]
    [InlineData(MutationKind.None)]
    [InlineData(MutationKind.Equal)]
    [InlineData(MutationKind.Stepwise)]
    public void Theta_approaching_zero_gives_the_independent_founders_LR(MutationKind kind)
    {
        // The urn path (θ > 0) and the Hardy–Weinberg path (θ = 0) are separate code; they must meet as θ → 0.
        var mutation = new MutationModel(kind, 0.003, 0.001);
        var plain = new KinshipEngine(Table, mutation);
        var tiny = new KinshipEngine(Table, mutation, 1e-10);
        var random = new Random(11);
        var loci = new[] { "D3S1358", "TH01", "vWA" };
        for (var trial = 0; trial < 60; trial++)
        {
            var kinshipCase = RandomPeople.Case(Table, random, trial, loci);
            var a = plain.Evaluate(kinshipCase);
            var b = tiny.Evaluate(kinshipCase);

            // Random references may contradict each other without mutation: both paths must then say so.
            Assert.Equal(a.Error is null, b.Error is null);
            if (a.Error is not null)
            {
                continue;
            }

            for (var l = 0; l < a.Loci.Count; l++)
            {
                VectorTests.AssertClose(a.Loci[l].Lr, b.Loci[l].Lr, $"{kinshipCase.Id} {a.Loci[l].Locus}", 1e-6);
            }
        }
    }

    [Fact]
    public void A_mutation_model_rescues_a_one_step_exclusion_and_barely_moves_consistent_loci()
    {
        var table = Cases.FourAlleles();
        var none = new KinshipEngine(table, MutationModel.None);
        var stepwise = new KinshipEngine(table, new MutationModel(MutationKind.Stepwise, 0.002, 0.002));

        // Father 14/15, child 16/17: no shared allele, one repeat step (15 → 16) apart.
        var excluded = Cases.Case(Cases.Person("16", "17"), (Role.Father, Cases.Person("14", "15")));
        Assert.Equal(0, Cases.Lr(none, excluded));
        var rescued = Cases.Lr(stepwise, excluded);
        Assert.InRange(rescued, 1e-5, 0.05);

        var consistent = Cases.Case(Cases.Person("14", "16"), (Role.Father, Cases.Person("14", "15")));
        var before = Cases.Lr(none, consistent);
        var after = Cases.Lr(stepwise, consistent);
        Assert.InRange(after / before, 0.99, 1.01);
    }

    [Fact]
    public void A_locus_the_candidate_lacks_gives_one_and_an_unseen_allele_is_warned()
    {
        var engine = new KinshipEngine(Cases.FourAlleles(), MutationModel.None);
        var untyped = new KinshipCase("c", [new Reference(Role.Father, Cases.Person("14", "15"), "father")],
            new Profile(Sex.Male, new Dictionary<string, Genotype>()));
        Assert.Equal(1, Cases.Lr(engine, untyped));

        var unseen = engine.Evaluate(Cases.Case(Cases.Person("14", "99"), (Role.Father, Cases.Person("14", "15"))));
        Assert.Null(unseen.Error);
        Assert.Contains(unseen.Warnings, w => w.Contains("99") && w.Contains(Cases.Locus));

        // 99 gets the smallest frequency (0.1), then the locus is renormalised by 1.1: LR = 1 / (4 · 0.1/1.1).
        VectorTests.AssertClose(1 / (4 * (0.1 / 1.1)), unseen.Lr!.Value, "unseen allele");
    }
}
