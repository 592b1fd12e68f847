using Matching.Kinship.Scan;

namespace Matching.Kinship.Benchmarks;

/// <summary>Random people from the shipped table, packed as the scan holds them; a few true parents planted.</summary>
internal static class SyntheticRegistry
{
    public static readonly string[] Loci =
    [
        "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51", "D21S11", "FGA",
        "TH01", "TPOX", "vWA", "D2S1338", "D19S433", "Penta D", "Penta E", "D12S391", "D6S1043", "D1S1656",
    ];

    public static FrequencyTable Table { get; } = FrequencyTable.DefaultEastAsia();

    public static ScanLayout Layout { get; } = new(Table, Loci);

    public static Profile Person(Random random, Sex sex = Sex.Male) =>
        new(sex, Loci.ToDictionary(l => l, l => Genotype.Of(Allele(Table[l]!, random), Allele(Table[l]!, random))));

    public static Profile ParentOf(Profile child, Random random, Sex sex) =>
        new(sex, child.Loci.ToDictionary(kv => kv.Key, kv => Genotype.Of(random.Next(2) == 0 ? kv.Value.First : kv.Value.Second, Allele(Table[kv.Key]!, random))));

    public static string Allele(LocusFrequencies locus, Random random) => locus.Draw(random);

    /// <summary>One column per locus; every 100,000th member is a true parent of <paramref name="child"/>.</summary>
    public static PackedBlock OneParentCases(int count, Profile child, Random random)
    {
        var block = new PackedBlock(Loci.Length, count);
        var codes = new ushort[Loci.Length];
        for (var i = 0; i < count; i++)
        {
            Layout.TryEncode(i % 100_000 == 0 ? ParentOf(child, random, Sex.Female) : Person(random, Sex.Female), codes);
            block.Add(codes);
        }

        return block;
    }

    /// <summary>Both-parents cases as the registry's buckets pack them: the father's codes, then the mother's.</summary>
    public static PackedBlock BothParentCodes(int count, Profile child, Random random)
    {
        var block = Layout.TrioBlock(count);
        var codes = new ushort[2 * Loci.Length];
        for (var i = 0; i < count; i++)
        {
            var planted = i % 100_000 == 0;
            Layout.TryEncode(planted ? ParentOf(child, random, Sex.Male) : Person(random), codes.AsSpan(0, Loci.Length));
            Layout.TryEncode(planted ? ParentOf(child, random, Sex.Female) : Person(random, Sex.Female), codes.AsSpan(Loci.Length));
            block.Add(codes);
        }

        return block;
    }

    /// <summary>Both-parents cases, pair-coded (one column per locus); every 100,000th holds the child's parents.</summary>
    public static BothParentsBlock BothParentCases(int count, Profile child, Random random)
    {
        var block = new BothParentsBlock(Loci.Length, count);
        var father = new ushort[Loci.Length];
        var mother = new ushort[Loci.Length];
        for (var i = 0; i < count; i++)
        {
            var planted = i % 100_000 == 0;
            Layout.TryEncode(planted ? ParentOf(child, random, Sex.Male) : Person(random), father);
            Layout.TryEncode(planted ? ParentOf(child, random, Sex.Female) : Person(random, Sex.Female), mother);
            if (!block.TryAdd(father, mother))
            {
                throw new InvalidOperationException("a locus ran out of pair codes");
            }
        }

        return block;
    }
}
