namespace Matching.Kinship.Power;

/// <summary>
/// The distribution of a case's ln LR over candidates, exact up to a grid: each locus's ln LR rounded down to a
/// multiple of the step, its probability under H2 (the candidate's Hardy–Weinberg genotype) and under H1
/// (P(g | references) = LR(g) · P_HW(g)), the loci convolved. The true ln LR of a candidate lies in
/// [Kδ, (K + L)δ) for its grid value K and L informative loci, which brackets every figure; an LR of 0 is kept apart.
/// </summary>
public sealed class LrDistribution
{
    /// <summary>The grid's step in ln LR unless one is given: a bracket of 0.001 per informative locus.</summary>
    public const double DefaultStep = 0.001;

    private readonly double[] _unrelated;
    private readonly double[] _trueChild;

    private LrDistribution(double step, int loci, long offset, double[] unrelated, double[] trueChild, double unrelatedExcluded, double trueChildExcluded,
        double unrelatedBelow, double trueChildBelow)
    {
        UnrelatedBelow = unrelatedBelow;
        TrueChildBelow = trueChildBelow;
        Step = step;
        Loci = loci;
        Offset = offset;
        _unrelated = unrelated;
        _trueChild = trueChild;
        UnrelatedExcluded = unrelatedExcluded;
        TrueChildExcluded = trueChildExcluded;
    }

    /// <summary>The grid's step in ln LR.</summary>
    public double Step { get; }

    /// <summary>Loci that carry information (a reference typed there): the bracket is L steps wide.</summary>
    public int Loci { get; }

    /// <summary>The grid value of index 0.</summary>
    public long Offset { get; }

    /// <summary>P(LR = 0) under H2 and under H1 (an exclusion; 0 under H1 unless the references exclude every genotype).</summary>
    public double UnrelatedExcluded { get; }

    public double TrueChildExcluded { get; }

    /// <summary>Mass set aside as certainly below the floor it was built with (0 for a whole distribution).</summary>
    public double UnrelatedBelow { get; }

    public double TrueChildBelow { get; }

    /// <summary>
    /// The case's ln LR distribution over the loci of the engine's table the references are typed at (with θ > 0 too:
    /// the loci stay independent, each with the subpopulation's genotype probabilities).
    /// A candidate of unknown sex is either with probability ½ where the LR depends on it.
    /// </summary>
    public static LrDistribution Of(KinshipEngine engine, KinshipCase kinshipCase, double step = DefaultStep) => Of(engine, kinshipCase, step, null);

    /// <summary>
    /// The distribution exact at and above LR <paramref name="lowest"/> only: what cannot reach it is set aside, which
    /// keeps the grid short (the exceedance of any LR at or above it is unchanged; quantiles below it are not known).
    /// </summary>
    public static LrDistribution Above(KinshipEngine engine, KinshipCase kinshipCase, double lowest, double step = DefaultStep) =>
        Of(engine, kinshipCase, step, Math.Log(lowest));

    /// <summary>
    /// As <see cref="Of(KinshipEngine, KinshipCase, double)"/>, but mass that can no longer reach ln LR
    /// <paramref name="lnFloor"/> with the loci still to come is set aside as "below" rather than convolved further:
    /// every figure at or above the floor stays exact, and the work shrinks with each locus.
    /// </summary>
    private static LrDistribution Of(KinshipEngine engine, KinshipCase kinshipCase, double step, double? lnFloor) =>
        Of(LrSimulation.TypedLoci(engine, kinshipCase), step, lnFloor);

    /// <summary>From the loci's genotype tables (a locus no reference is typed at gives every candidate LR 1 and is left out).</summary>
    internal static LrDistribution Of(IReadOnlyList<LocusGenotypes> typed, double step, double? lnFloor) =>
        OfBinned([.. typed.Select(l => Binned(l, step))], step, lnFloor);

    /// <summary>The multiply-adds the convolution of these loci takes without a floor: what decides whether the exact distribution is affordable.</summary>
    internal static double ConvolutionWork(List<(long[] Bins, double[] Unrelated, double[] TrueChild)> binned)
    {
        var (length, work) = (1.0, 0.0);
        foreach (var (bins, _, _) in binned)
        {
            work += length * bins.Length;
            length += bins.Length > 0 ? bins[^1] - bins[0] : 0;
        }

        return work;
    }

    private static LrDistribution OfBinned(List<(long[] Bins, double[] Unrelated, double[] TrueChild)> loci, double step, double? lnFloor)
    {
        // A genotype of LR 0 leaves the grid for good.
        var highest = new long[loci.Count + 1];
        for (var l = loci.Count - 1; l >= 0; l--)
        {
            highest[l] = highest[l + 1] + (loci[l].Bins.Length > 0 ? loci[l].Bins[^1] : 0);
        }

        var floor = lnFloor is { } ln ? (long)Math.Floor(ln / step) : long.MinValue;
        var unrelated = new double[] { 1 };
        var trueChild = new double[] { 1 };
        long offset = 0;
        var (below2, below1) = (0.0, 0.0);
        for (var l = 0; l < loci.Count; l++)
        {
            (unrelated, trueChild, offset) = Convolve(unrelated, trueChild, offset, loci[l].Bins, loci[l].Unrelated, loci[l].TrueChild);
            if (floor == long.MinValue)
            {
                continue;
            }

            // What cannot reach the floor even with every later locus at its highest (and the grid's rounding up).
            var cut = floor - highest[l + 1] - loci.Count - offset;
            if (cut > 0)
            {
                var drop = (int)Math.Min(cut, unrelated.Length);
                for (var i = 0; i < drop; i++)
                {
                    (below2, below1) = (below2 + unrelated[i], below1 + trueChild[i]);
                }

                (unrelated, trueChild, offset) = (unrelated[drop..], trueChild[drop..], offset + drop);
            }
        }

        return new LrDistribution(step, loci.Count, offset, unrelated, trueChild,
            Math.Max(0, 1 - unrelated.Sum() - below2), Math.Max(0, 1 - trueChild.Sum() - below1), below2, below1);
    }

    /// <summary>
    /// The case's power at these thresholds: the distribution set aside below the lowest threshold (and LR 1), and
    /// computed whole again only where the true child's 5th percentile falls below that.
    /// </summary>
    public static CasePower Power(KinshipEngine engine, KinshipCase kinshipCase, IReadOnlyList<double> thresholds, double step = DefaultStep) =>
        Power(LrSimulation.TypedLoci(engine, kinshipCase), thresholds, step);

    /// <summary>As <see cref="Power(KinshipEngine, KinshipCase, IReadOnlyList{double}, double)"/>, from the loci's genotype tables.</summary>
    public static CasePower Power(IReadOnlyList<LocusGenotypes> typed, IReadOnlyList<double> thresholds, double step = DefaultStep) =>
        Power([.. typed.Select(l => Binned(l, step))], thresholds, step);

    /// <summary>As above, from loci already on the grid.</summary>
    internal static CasePower Power(List<(long[] Bins, double[] Unrelated, double[] TrueChild)> binned, IReadOnlyList<double> thresholds, double step)
    {
        var lowest = Math.Log(Math.Min(1, thresholds.Count > 0 ? thresholds.Min() : 1));
        var pruned = OfBinned(binned, step, lowest);
        return pruned.TrueChildExcluded + pruned.TrueChildBelow < 0.05 ? pruned.Power(thresholds) : OfBinned(binned, step, null).Power(thresholds);
    }

    /// <summary>One locus: the grid values of ln LR(g) where LR(g) > 0, and their probabilities under H2 and H1.</summary>
    private static (long[] Bins, double[] Unrelated, double[] TrueChild) Locus(KinshipEngine engine, KinshipCase kinshipCase,
        LocusFrequencies frequencies, double step) => Binned(engine.GenotypesAt(kinshipCase, frequencies.Locus), step);

    /// <summary>A locus's genotypes gathered by the grid value of their ln LR.</summary>
    internal static (long[] Bins, double[] Unrelated, double[] TrueChild) Binned(LocusGenotypes genotypes, double step)
    {
        var byBin = new SortedDictionary<long, (double Unrelated, double TrueChild)>();
        for (var g = 0; g < genotypes.Lr.Length; g++)
        {
            if (!(genotypes.Lr[g] > 0))
            {
                continue;
            }

            var bin = (long)Math.Floor(Math.Log(genotypes.Lr[g]) / step);
            var (u, t) = byBin.GetValueOrDefault(bin);
            byBin[bin] = (u + genotypes.Unrelated[g], t + genotypes.TrueChild[g]);
        }

        return ([.. byBin.Keys], [.. byBin.Values.Select(v => v.Unrelated)], [.. byBin.Values.Select(v => v.TrueChild)]);
    }

    /// <summary>The sum's distribution: every grid value of the loci so far plus each of this locus's.</summary>
    private static (double[] Unrelated, double[] TrueChild, long Offset) Convolve(double[] unrelated, double[] trueChild, long offset,
        long[] bins, double[] p2, double[] p1)
    {
        if (bins.Length == 0)
        {
            return ([0], [0], offset);
        }

        var (low, high) = (bins[0], bins[^1]);
        var length = unrelated.Length + (int)(high - low);
        var (u, t) = (new double[length], new double[length]);
        for (var k = 0; k < bins.Length; k++)
        {
            var shift = (int)(bins[k] - low);
            var (a, b) = (p2[k], p1[k]);
            var into2 = u.AsSpan(shift, unrelated.Length);
            var into1 = t.AsSpan(shift, trueChild.Length);
            for (var i = 0; i < unrelated.Length; i++)
            {
                into2[i] += unrelated[i] * a;
                into1[i] += trueChild[i] * b;
            }
        }

        return (u, t, offset + low);
    }

    /// <summary>P(LR ≥ t) under H2 and H1, each bracketed by the grid and given as the bracket's middle (exact: no standard error).</summary>
    public ExceedanceFigure Exceedance(double threshold)
    {
        if (threshold <= 0)
        {
            return new ExceedanceFigure(threshold, 1, 0, 1, 0, (1, 1), (1, 1));
        }

        // K δ ≤ ln LR < (K + L) δ: K ≥ ⌈T⌉ certainly reaches t, K > T − L possibly does.
        var target = Math.Log(threshold) / Step;
        var surely = (long)Math.Ceiling(target - 1e-9);
        var possibly = (long)Math.Floor(target - Loci) + 1;
        double Tail(double[] p, long from)
        {
            var start = (int)Math.Clamp(from - Offset, 0, p.Length);
            var sum = 0.0;
            for (var i = p.Length - 1; i >= start; i--)
            {
                sum += p[i];
            }

            return sum;
        }

        var unrelated = (Tail(_unrelated, surely), Tail(_unrelated, possibly));
        var trueChild = (Tail(_trueChild, surely), Tail(_trueChild, possibly));
        return new ExceedanceFigure(threshold, (unrelated.Item1 + unrelated.Item2) / 2, 0, (trueChild.Item1 + trueChild.Item2) / 2, 0, unrelated, trueChild);
    }

    /// <summary>The q-quantile of the true child's log10 LR (the least x with P(X ≤ x) ≥ q), as the middle of its bracket; null at LR 0.</summary>
    public (double? Value, double Low, double High) TrueChildLog10Quantile(double q)
    {
        if (TrueChildExcluded >= q)
        {
            return (null, double.NegativeInfinity, double.NegativeInfinity);
        }

        if (TrueChildExcluded + TrueChildBelow >= q)
        {
            throw new InvalidOperationException("the quantile lies below the floor this distribution was built with");
        }

        var cumulative = TrueChildExcluded + TrueChildBelow;
        for (var i = 0; i < _trueChild.Length; i++)
        {
            cumulative += _trueChild[i];
            if (cumulative >= q)
            {
                var low = (Offset + i) * Step / Math.Log(10);
                var high = (Offset + i + Loci) * Step / Math.Log(10);
                return ((low + high) / 2, low, high);
            }
        }

        var top = (Offset + _trueChild.Length - 1 + Loci) * Step / Math.Log(10);
        return (top, top, top);
    }

    /// <summary>The case's power at these thresholds, exactly (up to the grid).</summary>
    public CasePower Power(IEnumerable<double> thresholds) =>
        new([.. thresholds.Select(Exceedance)], new Log10LrQuantiles(TrueChildLog10Quantile(0.5).Value, TrueChildLog10Quantile(0.05).Value));
}
