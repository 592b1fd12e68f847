namespace Matching.Kinship.Scan;

/// <summary>
/// The trio bound at the grain of which of the person's alleles each parent carries: at a locus a (father, mother)
/// pair falls in one of 16 classes (father carries c₁, carries c₂, mother carries c₁, carries c₂; an untyped parent
/// counts as carrying both), and a class's entry is the largest trio LR any pair of that class can give, as a byte
/// of log units above the locus' base. Sixteen bytes per locus are one shuffle, so the kernel classifies and scores
/// 32 members a locus from four 32-bit masks of <see cref="PackedBlock.Carriers"/> (<see cref="TrioKernel"/>).
/// </summary>
public sealed class TrioSieve
{
    /// <summary>Units per nat: a locus rounds up by at most 1/8 of a nat, a byte spans 32 nats.</summary>
    internal const int Scale = 8;

    internal TrioSieve(TrioScanQuery exact, int motherColumns)
    {
        var count = exact.Loci.Length;
        FatherColumns = exact.Loci;
        MotherColumns = exact.Loci.Select(l => motherColumns + l).ToArray();
        (First, Second) = (exact.First, exact.Second);
        Tables = GC.AllocateArray<byte>(Math.Max(32 * count, 32), pinned: true);
        for (var l = 0; l < count; l++)
        {
            var (c1, c2) = (First[l], Second[l]);
            var father = Carriers(exact.Father[l], c1, c2);
            var mother = Carriers(exact.Mother[l], c1, c2);
            var units = new double[16];
            var top = double.NegativeInfinity;
            for (var nibble = 0; nibble < 16; nibble++)
            {
                var (f, m) = (nibble & 3, nibble >> 2);
                var lr = (exact.Homozygous[l]
                    ? father[2 * f] * mother[2 * m]
                    : (father[2 * f] * mother[(2 * m) + 1]) + (father[(2 * f) + 1] * mother[2 * m])) * exact.InverseP[l];
                units[nibble] = lr > 0 ? Math.Ceiling(Math.Log(lr) * Scale) : double.NegativeInfinity;
                top = Math.Max(top, units[nibble]);
            }

            // A locus no pair can pass (LR 0 for every class) rules every member out.
            var floor = double.IsNegativeInfinity(top) ? -1_000_000 : top - byte.MaxValue;
            Base += (long)floor;
            for (var nibble = 0; nibble < 16; nibble++)
            {
                var entry = (byte)Math.Clamp(units[nibble] - floor, 0, byte.MaxValue);
                Tables[(32 * l) + nibble] = Tables[(32 * l) + 16 + nibble] = entry;
            }
        }
    }

    internal int[] FatherColumns { get; }

    internal int[] MotherColumns { get; }

    /// <summary>Per locus, the person's alleles as indices over the table's alleles.</summary>
    internal int[] First { get; }

    internal int[] Second { get; }

    /// <summary>Per locus, 32 bytes: the 16 class entries, twice (one per half of a 256-bit shuffle).</summary>
    internal byte[] Tables { get; }

    /// <summary>The sum of the loci's bases, in units: a member's bound is this plus its entries.</summary>
    internal long Base { get; }

    /// <summary>
    /// The least sum of entries a member at or above threshold can have, less one: members whose sum is above it go on.
    /// Clamped to what 16-bit sums can hold (−1 lets everyone on).
    /// </summary>
    internal short Cut(double threshold)
    {
        if (threshold <= 0)
        {
            return -1;
        }

        var limit = (long)Math.Floor(Math.Log(threshold) * Scale) - 1 - Base;
        return (short)Math.Clamp(limit - 1, -1, short.MaxValue);
    }

    /// <summary>
    /// Per carrier class (bit 0: carries c₁, bit 1: carries c₂), the largest t(c₁) and t(c₂) of any code in it:
    /// code 0 (untyped, passing founder frequencies) counts as carrying both.
    /// </summary>
    private static double[] Carriers(double[] transmissions, int c1, int c2)
    {
        var best = new double[8];
        void Keep(int carries, int code)
        {
            best[2 * carries] = Math.Max(best[2 * carries], transmissions[2 * code]);
            best[(2 * carries) + 1] = Math.Max(best[(2 * carries) + 1], transmissions[(2 * code) + 1]);
        }

        Keep(3, 0);
        // Codes run 1 + GenotypeIndex.Of(a, b): b ascending, a ≤ b ascending within it.
        var codes = transmissions.Length / 2;
        for (int b = 0, code = 1; code < codes; b++)
        {
            for (var a = 0; a <= b && code < codes; a++, code++)
            {
                Keep((a == c1 || b == c1 ? 1 : 0) | (a == c2 || b == c2 ? 2 : 0), code);
            }
        }

        return best;
    }
}
