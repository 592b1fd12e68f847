namespace Matching.Kinship.Tests;

/// <summary>The duo and trio formulas of domain.md and the κ formula, computed here by hand.</summary>
public sealed class TextbookFormulaTests
{
    private const double Pa = 0.1, Pb = 0.2, Pc = 0.3, Pd = 0.4;
    private static readonly KinshipEngine Engine = new(Cases.FourAlleles(), MutationModel.None);

    [Theory]
    [InlineData("14", "14", "14", "14", 1 / Pa)]
    [InlineData("14", "14", "14", "15", 1 / (2 * Pa))]
    [InlineData("14", "15", "14", "14", 1 / (2 * Pa))]
    [InlineData("14", "15", "14", "15", (Pa + Pb) / (4 * Pa * Pb))]
    [InlineData("14", "15", "14", "16", 1 / (4 * Pa))]
    [InlineData("14", "15", "16", "17", 0)]
    public void Duo_matches_the_textbook(string c1, string c2, string p1, string p2, double expected)
    {
        foreach (var role in new[] { Role.Father, Role.Mother })
        {
            var lr = Cases.Lr(Engine, Cases.Case(Cases.Person(c1, c2), (role, Cases.Person(p1, p2))));
            VectorTests.AssertClose(expected, lr, $"{role} {p1}/{p2}, child {c1}/{c2}");
        }
    }

    [Fact]
    public void Trio_is_the_transmission_probability_over_the_genotype_probability()
    {
        // Child 14/16 of father 14/15 and mother 16/17: P(child | parents) = ½·½, P(child) = 2·pa·pc.
        var lr = Cases.Lr(Engine, Cases.Case(Cases.Person("14", "16"),
            (Role.Father, Cases.Person("14", "15")), (Role.Mother, Cases.Person("16", "17"))));
        VectorTests.AssertClose(0.25 / (2 * Pa * Pc), lr, "trio");

        // Both parents 14/15, child 14/15: P = ½ (either parent gives either allele), P(child) = 2·pa·pb.
        var shared = Cases.Lr(Engine, Cases.Case(Cases.Person("14", "15"),
            (Role.Father, Cases.Person("14", "15")), (Role.Mother, Cases.Person("14", "15"))));
        VectorTests.AssertClose(0.5 / (2 * Pa * Pb), shared, "trio, parents alike");
    }

    [Theory]
    [InlineData(Role.FullSibling, 0.25, 0.5, 0.25)]
    [InlineData(Role.PaternalHalfSibling, 0.5, 0.5, 0)]
    [InlineData(Role.MaternalHalfSibling, 0.5, 0.5, 0)]
    [InlineData(Role.PaternalGrandfather, 0.5, 0.5, 0)]
    [InlineData(Role.MaternalGrandmother, 0.5, 0.5, 0)]
    [InlineData(Role.PaternalUncle, 0.5, 0.5, 0)]
    [InlineData(Role.MaternalAunt, 0.5, 0.5, 0)]
    [InlineData(Role.Child, 0, 1, 0)]
    public void Pairwise_relatives_follow_the_kappa_formula(Role role, double k0, double k1, double k2)
    {
        string[] alleles = ["14", "15", "16", "17"];
        double[] p = [Pa, Pb, Pc, Pd];
        foreach (var (x1, x2) in Genotypes(4))
        {
            foreach (var (y1, y2) in Genotypes(4))
            {
                var lr = Cases.Lr(Engine, Cases.Case(Cases.Person(alleles[x1], alleles[x2]), (role, Cases.Person(alleles[y1], alleles[y2]))));
                var expected = k0 + (k1 * R1(p, x1, x2, y1, y2)) + (k2 * (x1 == y1 && x2 == y2 ? 1 / Hw(p, y1, y2) : 0));
                VectorTests.AssertClose(expected, lr, $"{role} {y1}{y2} vs {x1}{x2}");
            }
        }
    }

    private static IEnumerable<(int, int)> Genotypes(int n)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < n; j++)
            {
                yield return (i, j);
            }
        }
    }

    private static double Hw(double[] p, int a, int b) => a == b ? p[a] * p[a] : 2 * p[a] * p[b];

    // R1 = P(Y | X, one allele IBD) / P(Y): the shared allele is one of X's, picked with probability ½; Y's other is random.
    private static double R1(double[] p, int x1, int x2, int y1, int y2)
    {
        double Given(int shared)
        {
            if (y1 == y2)
            {
                return shared == y1 ? p[y1] : 0;
            }

            return (shared == y1 ? p[y2] : 0) + (shared == y2 ? p[y1] : 0);
        }

        return 0.5 * (Given(x1) + Given(x2)) / Hw(p, y1, y2);
    }
}
