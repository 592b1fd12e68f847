namespace Matching.Kinship.Tests;

/// <summary>The closed forms the scan uses equal the general peeling path, on thousands of random loci and models.</summary>
public sealed class ClosedFormTests
{
    private static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();

    public static TheoryData<MutationKind> Models() => [MutationKind.None, MutationKind.Equal, MutationKind.Proportional, MutationKind.Stepwise];

    [Theory]
    [MemberData(nameof(Models))]
    public void Closed_forms_equal_the_general_path(MutationKind kind)
    {
        var engine = new KinshipEngine(Table, new MutationModel(kind, 0.004, 0.001, 0.1, 1e-6));
        var random = new Random((int)kind + 100);
        var loci = new[] { "D3S1358", "D21S11", "FGA", "TH01", "Penta E", "D6S1043", "SE33" };
        var compared = 0;
        for (var trial = 0; trial < 250; trial++)
        {
            var locus = Table[loci[trial % loci.Length]]!;
            var model = engine.ModelFor(locus);
            var forms = new ClosedForms(model);
            var genotypes = Enumerable.Range(0, 3).Select(_ => RandomPeople.Genotype(locus, random)).ToArray();
            var (c, r1, r2) = (Index(locus, genotypes[0]), Index(locus, genotypes[1]), Index(locus, genotypes[2]));
            var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;

            double General(params (Role Role, Genotype Genotype)[] references)
            {
                var kinshipCase = new KinshipCase("closed-form",
                    references.Select((r, i) => new Reference(r.Role, One(locus.Locus, r.Genotype), $"reference {i + 1}")).ToList(),
                    One(locus.Locus, genotypes[0], sex));
                var result = engine.Evaluate(kinshipCase);
                Assert.Null(result.Error);
                return result.Loci.Single(l => l.Locus == locus.Locus).Lr;
            }

            void Same(double closed, double general, string shape)
            {
                VectorTests.AssertClose(general, closed, $"{kind} {locus.Locus} {shape} trial {trial}", 1e-10);
                compared++;
            }

            Same(forms.OneParent(Sex.Male, r1, c), General((Role.Father, genotypes[1])), "father");
            Same(forms.OneParent(Sex.Female, r1, c), General((Role.Mother, genotypes[1])), "mother");
            Same(forms.BothParents(r1, r2, c), General((Role.Father, genotypes[1]), (Role.Mother, genotypes[2])), "both parents");
            Same(forms.FullSibling(r1, c), General((Role.FullSibling, genotypes[1])), "full sibling");
            Same(forms.HalfSibling(Sex.Male, r1, c), General((Role.PaternalHalfSibling, genotypes[1])), "paternal half sibling");
            Same(forms.HalfSibling(Sex.Female, r1, c), General((Role.MaternalHalfSibling, genotypes[1])), "maternal half sibling");
            Same(forms.Grandparent(Sex.Male, Sex.Male, r1, c), General((Role.PaternalGrandfather, genotypes[1])), "paternal grandfather");
            Same(forms.Grandparent(Sex.Male, Sex.Female, r1, c), General((Role.PaternalGrandmother, genotypes[1])), "paternal grandmother");
            Same(forms.Grandparent(Sex.Female, Sex.Male, r1, c), General((Role.MaternalGrandfather, genotypes[1])), "maternal grandfather");
            Same(forms.Grandparent(Sex.Female, Sex.Female, r1, c), General((Role.MaternalGrandmother, genotypes[1])), "maternal grandmother");
            Same(forms.UncleOrAunt(Sex.Male, r1, c), General((Role.PaternalUncle, genotypes[1])), "paternal uncle");
            Same(forms.UncleOrAunt(Sex.Female, r1, c), General((Role.MaternalAunt, genotypes[1])), "maternal aunt");

            // The scan's row of one-parent LRs, every parent genotype at once, against the general path at one of them.
            var row = new double[model.G];
            forms.OneParentRow(sex, c, row);
            Same(row[r1], General((sex == Sex.Male ? Role.Father : Role.Mother, genotypes[1])), "one-parent row");
        }

        Assert.Equal(250 * 13, compared);
    }

    private static int Index(LocusFrequencies locus, Genotype genotype) =>
        GenotypeIndex.Of(locus.IndexOf(genotype.First), locus.IndexOf(genotype.Second));

    private static Profile One(string locus, Genotype genotype, Sex sex = Sex.Male) =>
        new(sex, new Dictionary<string, Genotype> { [locus] = genotype });
}
