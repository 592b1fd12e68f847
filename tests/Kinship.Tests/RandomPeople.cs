namespace Matching.Kinship.Tests;

/// <summary>Random profiles drawn from a frequency table, and random cases of every template shape.</summary>
internal static class RandomPeople
{
    public static Role[][] Shapes { get; } =
    [
        [Role.Father], [Role.Mother], [Role.Father, Role.Mother], [Role.FullSibling], [Role.FullSibling, Role.FullSibling],
        [Role.Mother, Role.FullSibling], [Role.PaternalHalfSibling], [Role.MaternalHalfSibling, Role.FullSibling],
        [Role.PaternalGrandfather, Role.PaternalGrandmother], [Role.PaternalGrandmother, Role.PaternalUncle],
        [Role.MaternalGrandfather], [Role.MaternalAunt, Role.MaternalUncle], [Role.Child], [Role.Child, Role.Father],
        [Role.Mother, Role.PaternalAunt], [Role.PaternalHalfSibling, Role.PaternalHalfSibling, Role.MaternalGrandmother],
    ];

    public static Genotype Genotype(LocusFrequencies locus, Random random) =>
        Kinship.Genotype.Of(Allele(locus, random), Allele(locus, random));

    public static string Allele(LocusFrequencies locus, Random random) => locus.Draw(random);

    public static Profile Person(FrequencyTable table, Random random, IEnumerable<string>? loci = null, Sex sex = Sex.Male) =>
        new(sex, (loci ?? table.Loci.Select(l => l.Locus)).ToDictionary(l => l, l => Genotype(table[l]!, random)));

    public static KinshipCase Case(FrequencyTable table, Random random, int trial, string[] loci)
    {
        var shape = Shapes[trial % Shapes.Length];
        var references = shape.Select((role, i) => new Reference(role, Person(table, random, loci), $"reference {i + 1}")).ToList();
        return new KinshipCase($"random-{trial}-{string.Join('+', shape)}", references, Person(table, random, loci, random.Next(2) == 0 ? Sex.Male : Sex.Female));
    }
}
