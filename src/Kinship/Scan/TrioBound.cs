namespace Matching.Kinship.Scan;

/// <summary>
/// A new person against both-parents cases packed as two codes per locus: the father's in column l, the mother's
/// in column <c>motherColumns</c> + l. Blocks with carriers (<see cref="ScanLayout.TrioBlock"/>) are scanned with its
/// <see cref="TrioSieve"/>; for blocks without, per locus and parent code, one int holds log t(c₁) and log t(c₂) as two
/// fixed-point halves rounded up, so two lookups give x = log tF(c₁)·tMo(c₂) and y = log tF(c₂)·tMo(c₁), and
/// <see cref="Locus"/> bounds log(eˣ + eʸ) from above: a bound that, unlike a product of one factor per parent,
/// knows which parent passed which allele. Members it lets through are confirmed with the exact trio LR
/// (<see cref="TrioScanQuery"/>), so what the scan reports is exact.
/// </summary>
public sealed class TrioBound : IScanQuery
{
    /// <summary>Fixed-point units per nat: a locus rounds up by at most 2/256 of a nat.</summary>
    internal const int Scale = 256;

    /// <summary>Logs below this many nats are stored as it: a bound may only round up.</summary>
    private const int Floor = -50 * Scale;

    private const int Samples = 1024;

    private const int Shuffle = 617;

    /// <summary>Nats below the best past which a locus counts as ruled out: deeper losses say nothing more about order.</summary>
    private const int Cap = 10;

    private readonly Lazy<Finer> _finer;

    internal TrioBound(TrioScanQuery exact, int motherColumns)
    {
        Exact = exact;
        MotherColumnsStart = motherColumns;
        // The sieve sums every locus, so it reads them in the order they are packed.
        Sieve = new TrioSieve(exact, motherColumns);
        _finer = new Lazy<Finer>(() => new Finer(exact, motherColumns));
    }

    internal TrioScanQuery Exact { get; }

    internal int MotherColumnsStart { get; }

    /// <summary>The query's loci (indices into <see cref="Exact"/>) in the finer bound's scan order.</summary>
    internal int[] Loci => _finer.Value.Loci;

    internal int[] FatherColumns => _finer.Value.FatherColumns;

    internal int[] MotherColumns => _finer.Value.MotherColumns;

    internal int[] FatherOffsets => _finer.Value.FatherOffsets;

    internal int[] MotherOffsets => _finer.Value.MotherOffsets;

    /// <summary>Per scan-order locus, the father's entries then the mother's: low half log t(c₁), high half log t(c₂).</summary>
    internal int[] Tables => _finer.Value.Tables;

    /// <summary>The same loci at the grain of which alleles each parent carries: what the kernel sweeps first.</summary>
    internal TrioSieve Sieve { get; }

    /// <summary>SuffixBound[i]: the most the loci from scan position i on can add, in fixed-point units.</summary>
    internal int[] SuffixBound => _finer.Value.SuffixBound;

    public int ActiveLoci => Exact.Loci.Length;

    public int Scan(PackedBlock block, double threshold, List<ScanHit> hits) => TrioKernel.Scan(this, block, threshold, hits);

    /// <summary>ln 2 rounded up: log(eˣ + eʸ) − max(x, y) at x = y.</summary>
    internal const int Ln2 = 178;

    /// <summary>The least the correction falls to, above log(1 + e⁻ᵈ) wherever the slope d/8 reaches it (d ≥ 5.4 nats).</summary>
    internal const int Rounding = 2;

    /// <summary>
    /// The bound of one locus from a father's and a mother's entry: max(x, y) + max(ln 2 − d/8, 2/256) with d = |x − y|.
    /// The correction lies above log(1 + e⁻ᵈ) (a chord of a convex function, then a floor above its tail), and,
    /// falling no faster than d, keeps the bound non-decreasing in every entry, which <see cref="Best"/> relies on.
    /// </summary>
    internal static int Locus(int father, int mother)
    {
        int x = (short)father + (mother >> 16), y = (father >> 16) + (short)mother;
        return Math.Max(x, y) + Math.Max(Ln2 - (Math.Abs(x - y) >> 3), Rounding);
    }

    /// <summary>The largest log-LR threshold, in fixed-point units, that a member at or above threshold cannot fall below.</summary>
    internal static int Limit(double threshold) =>
        threshold > 0 ? (int)Math.Max(int.MinValue / 4, Math.Floor(Math.Log(threshold) * Scale) - 1) : int.MinValue / 4;

    /// <summary>Per code: ⌈log t(c₁)⌉ low, ⌈log t(c₂)⌉ high; a homozygote's c₂ is c₁, so max(…) reads tF(c)·tMo(c).</summary>
    private static int[] Halves(double[] transmissions, bool homozygous, double fold)
    {
        var codes = transmissions.Length / 2;
        var halves = new int[codes];
        for (var code = 0; code < codes; code++)
        {
            var first = Units(transmissions[2 * code], fold);
            var second = homozygous ? first : Units(transmissions[(2 * code) + 1], fold);
            halves[code] = (second << 16) | (first & 0xFFFF);
        }

        return halves;
    }

    private static int Units(double t, double fold)
    {
        var units = t > 0 ? Math.Max(Math.Ceiling((Math.Log(t) + fold) * Scale), Floor) : Floor;
        // 128 nats: an allele frequency below 1e-27, which no table holds; rounding it down would break the bound.
        return units <= short.MaxValue ? (int)units : throw new InvalidOperationException("a trio bound exceeds its fixed-point range");
    }

    /// <summary>
    /// The largest bound any (father, mother) pair gives at a locus. The bound never falls as an entry rises, so
    /// only entries no other entry beats in both halves can give it: a handful, not every code.
    /// </summary>
    private static int Best(int[] father, int[] mother)
    {
        var best = int.MinValue / 4;
        foreach (var f in Frontier(father))
        {
            foreach (var m in Frontier(mother))
            {
                best = Math.Max(best, Locus(f, m));
            }
        }

        return best;
    }

    private static List<int> Frontier(int[] entries)
    {
        // Sorted by first half, then second, both descending: a key of the two halves, each made non-negative.
        var keys = new long[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            keys[i] = -((((long)(short)entries[i] + 32768) << 17) | (long)((entries[i] >> 16) + 32768));
        }

        Array.Sort(keys);
        var frontier = new List<int>();
        var highest = int.MinValue;
        foreach (var key in keys)
        {
            int first = (int)((-key) >> 17) - 32768, second = (int)((-key) & 0x1FFFF) - 32768;
            if (second > highest)
            {
                frontier.Add((second << 16) | (first & 0xFFFF));
                highest = second;
            }
        }

        return frontier;
    }

    /// <summary>
    /// What an unrelated pair loses against the best at a locus, on average: over a fixed spread of genotype
    /// quantiles (stratified by Hardy–Weinberg weight), father's and mother's paired in a fixed shuffle.
    /// </summary>
    private static double Expected(int[] father, int[] mother, double[] weights, int best)
    {
        var cumulative = new double[weights.Length];
        var total = 0.0;
        for (var code = 0; code < weights.Length; code++)
        {
            cumulative[code] = total += weights[code];
        }

        if (total <= 0)
        {
            return 0;
        }

        var quantiles = new int[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var index = Array.BinarySearch(cumulative, (i + 0.5) / Samples * total);
            quantiles[i] = Math.Min(index < 0 ? ~index : index, weights.Length - 1);
        }

        var expected = 0.0;
        for (var i = 0; i < Samples; i++)
        {
            expected += Math.Max(Locus(father[quantiles[i]], mother[quantiles[(i * Shuffle) % Samples]]) - best, -Cap * Scale);
        }

        return expected / Samples;
    }

    /// <summary>
    /// The finer bound's tables: built on first use only, as behind the sieve it sees a handful of members in a million
    /// and building it costs a logarithm per code, parent and locus.
    /// </summary>
    private sealed class Finer
    {
        public Finer(TrioScanQuery exact, int motherColumns)
        {
            var loci = exact.Loci.Length;
            var father = new int[loci][];
            var mother = new int[loci][];
            var best = new int[loci];
            var keys = new double[loci];
            for (var l = 0; l < loci; l++)
            {
                var homozygous = exact.Homozygous[l];
                // A homozygote's LR is tF(c)·tMo(c) / P(c); with c₂ = c₁ the two terms are equal and sum to twice it.
                var fold = Math.Log(exact.InverseP[l] / (homozygous ? 2 : 1));
                father[l] = Halves(exact.Father[l], homozygous, 0);
                mother[l] = Halves(exact.Mother[l], homozygous, fold);
                best[l] = Best(father[l], mother[l]);
                // Loci where an unrelated pair loses most against the best the locus could give come first.
                keys[l] = Expected(father[l], mother[l], exact.Weights[l], best[l]);
            }

            var order = Enumerable.Range(0, loci).OrderBy(l => keys[l]).ToArray();
            Loci = order;
            FatherColumns = order.Select(l => exact.Loci[l]).ToArray();
            MotherColumns = order.Select(l => motherColumns + exact.Loci[l]).ToArray();
            FatherOffsets = new int[loci];
            MotherOffsets = new int[loci];
            var tables = new List<int>();
            for (var i = 0; i < loci; i++)
            {
                FatherOffsets[i] = tables.Count;
                tables.AddRange(father[order[i]]);
                MotherOffsets[i] = tables.Count;
                tables.AddRange(mother[order[i]]);
            }

            Tables = GC.AllocateArray<int>(Math.Max(tables.Count, 1), pinned: true);
            tables.CopyTo(Tables);
            SuffixBound = new int[loci + 1];
            for (var i = loci - 1; i >= 0; i--)
            {
                SuffixBound[i] = SuffixBound[i + 1] + best[order[i]];
            }
        }

        /// <summary>The query's loci (indices into the exact query) in scan order.</summary>
        public int[] Loci { get; }

        public int[] FatherColumns { get; }

        public int[] MotherColumns { get; }

        public int[] FatherOffsets { get; }

        public int[] MotherOffsets { get; }

        /// <summary>Per scan-order locus, the father's entries then the mother's: low half log t(c₁), high half log t(c₂).</summary>
        public int[] Tables { get; }

        /// <summary>SuffixBound[i]: the most the loci from scan position i on can add, in fixed-point units.</summary>
        public int[] SuffixBound { get; }
    }
}
