using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Synthetic;

namespace Matching.Registry.Tests;

/// <summary>
/// Families for the tests: parents drawn from the shipped table, a child by Mendel with no mutation, every locus
/// typed, as registration lines; and the textbook LRs (domain.md) computed here, not by the engine.
/// </summary>
internal sealed class Families(int seed)
{
    public static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();

    private readonly Random _random = new(seed);

    public Dictionary<string, Genotype> Person() =>
        SyntheticPopulation.Loci.ToDictionary(l => l, l => Genotype.Of(Table[l]!.Draw(_random), Table[l]!.Draw(_random)));

    public Dictionary<string, Genotype> Child(Dictionary<string, Genotype> father, Dictionary<string, Genotype> mother) =>
        father.Keys.ToDictionary(l => l, l => Genotype.Of(Pick(father[l]), Pick(mother[l])));

    private string Pick(Genotype parent) => _random.Next(2) == 0 ? parent.First : parent.Second;

    public static string Reference(string id, string caseId, string role, char sex, Dictionary<string, Genotype> loci, string province = "Sichuan") =>
        JsonSerializer.Serialize(new
        {
            id,
            category = "family-reference",
            caseId,
            role,
            province,
            sex = sex.ToString(),
            loci = loci.ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }),
        });

    public static string Unknown(string id, char sex, Dictionary<string, Genotype> loci, string province = "Yunnan") =>
        JsonSerializer.Serialize(new
        {
            id,
            category = "unknown-parentage",
            province,
            sex = sex.ToString(),
            loci = loci.ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }),
        });

    /// <summary>
    /// The child with an allele at <paramref name="locus"/> moved one repeat from the parent's, and the other allele
    /// one the parent lacks too: only a mutation explains the locus.
    /// </summary>
    public static Dictionary<string, Genotype> WithMutation(Dictionary<string, Genotype> parent, Dictionary<string, Genotype> child, string locus)
    {
        var table = Table[locus]!;
        var (a, b) = (parent[locus].First, parent[locus].Second);
        var moved = new[] { a, b }.Select(x => (double.Parse(x, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(x => x != a && x != b && table.IndexOf(x) >= 0);
        var other = table.Alleles.First(x => x != a && x != b && x != moved);
        return new Dictionary<string, Genotype>(child) { [locus] = Genotype.Of(moved, other) };
    }

    private static double P(string locus, string allele) => Table[locus]!.Frequencies[Table[locus]!.IndexOf(allele)];

    private static double Transmits(Genotype parent, string allele) =>
        ((parent.First == allele ? 1 : 0) + (parent.Second == allele ? 1 : 0)) / 2.0;

    private static double HardyWeinberg(string locus, Genotype g) =>
        g.IsHomozygous ? P(locus, g.First) * P(locus, g.First) : 2 * P(locus, g.First) * P(locus, g.Second);

    /// <summary>Paternity index, multiplied over loci: P(child | father) / P(child), the other allele from the population.</summary>
    public static double Duo(Dictionary<string, Genotype> parent, Dictionary<string, Genotype> child) =>
        child.Keys.Aggregate(1.0, (lr, l) =>
        {
            var (c, f) = (child[l], parent[l]);
            var given = c.IsHomozygous
                ? Transmits(f, c.First) * P(l, c.First)
                : (Transmits(f, c.First) * P(l, c.Second)) + (Transmits(f, c.Second) * P(l, c.First));
            return lr * given / HardyWeinberg(l, c);
        });

    /// <summary>Trio index: P(child | father, mother) / P(child).</summary>
    public static double Trio(Dictionary<string, Genotype> father, Dictionary<string, Genotype> mother, Dictionary<string, Genotype> child) =>
        child.Keys.Aggregate(1.0, (lr, l) =>
        {
            var (c, f, m) = (child[l], father[l], mother[l]);
            var given = c.IsHomozygous
                ? Transmits(f, c.First) * Transmits(m, c.First)
                : (Transmits(f, c.First) * Transmits(m, c.Second)) + (Transmits(f, c.Second) * Transmits(m, c.First));
            return lr * given / HardyWeinberg(l, c);
        });
}
