namespace Matching.Kinship.Power;

/// <summary>
/// The distribution of a case's ln LR over candidates, exact up to a grid: each locus's ln LR rounded down to a
/// multiple of the step, its probability under H2 (the candidate's Hardy–Weinberg genotype) and under H1
/// (P(g | references) = LR(g) · P_HW(g)), the loci convolved. The true ln LR of a candidate lies in
/// [Kδ, (K + L)δ) for its grid value K and L informative loci, which brackets every figure; an LR of 0 is kept apart.
/// </summary>
public sealed class LrDistribution
{
    private readonly double[] _unrelated;
    private readonly double[] _trueChild;

    private LrDistribution(double step, int loci, long offset, double[] unrelated, double[] trueChild, double unrelatedExcluded, double trueChildExcluded)
    {
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

    /// <summary>
    /// The case's ln LR distribution at θ = 0 over the loci of the engine's table the references are typed at.
    /// A candidate of unknown sex is either with probability ½ where the LR depends on it.
    /// </summary>
    public static LrDistribution Of(KinshipEngine engine, KinshipCase kinshipCase, double step = 0.001)
    {
        if (engine.Theta > 0)
        {
            throw new ArgumentException("the exact distribution needs θ = 0: with θ > 0 the loci are not independent", nameof(engine));
        }

        if (kinshipCase.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(kinshipCase));
        }

        var unrelated = new double[] { 1 };
        var trueChild = new double[] { 1 };
        long offset = 0;
        var loci = 0;
        foreach (var frequencies in engine.Frequencies.Loci)
        {
            if (!kinshipCase.References.Any(r => r.Profile[frequencies.Locus] is not null))
            {
                continue; // every candidate's LR is 1 here
            }

            // A genotype of LR 0 leaves the grid for good: its mass is what the grid lacks of 1 at the end.
            var (bins, p2, p1) = Locus(engine, kinshipCase, frequencies, step);
            loci++;
            (unrelated, trueChild, offset) = Convolve(unrelated, trueChild, offset, bins, p2, p1);
        }

        return new LrDistribution(step, loci, offset, unrelated, trueChild, Math.Max(0, 1 - unrelated.Sum()), Math.Max(0, 1 - trueChild.Sum()));
    }

    /// <summary>One locus: the grid values of ln LR(g) where LR(g) > 0, and their probabilities under H2 and H1.</summary>
    private static (long[] Bins, double[] Unrelated, double[] TrueChild) Locus(KinshipEngine engine, KinshipCase kinshipCase,
        LocusFrequencies frequencies, double step)
    {
        var lr = engine.DependsOnCandidateSex(kinshipCase) && kinshipCase.Candidate.Sex == Sex.Unknown
            ? Mean(engine.LikelihoodRatiosByGenotype(Of(kinshipCase, Sex.Male), frequencies.Locus), engine.LikelihoodRatiosByGenotype(Of(kinshipCase, Sex.Female), frequencies.Locus))
            : engine.LikelihoodRatiosByGenotype(kinshipCase, frequencies.Locus);
        var hardyWeinberg = engine.ModelFor(frequencies).HardyWeinberg;
        var byBin = new SortedDictionary<long, (double Unrelated, double TrueChild)>();
        for (var g = 0; g < lr.Length; g++)
        {
            if (lr[g] <= 0)
            {
                continue;
            }

            var bin = (long)Math.Floor(Math.Log(lr[g]) / step);
            var (u, t) = byBin.GetValueOrDefault(bin);
            byBin[bin] = (u + hardyWeinberg[g], t + (lr[g] * hardyWeinberg[g]));
        }

        return ([.. byBin.Keys], [.. byBin.Values.Select(v => v.Unrelated)], [.. byBin.Values.Select(v => v.TrueChild)]);
    }

    private static KinshipCase Of(KinshipCase kinshipCase, Sex sex) => kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = sex } };

    private static double[] Mean(double[] a, double[] b) => [.. a.Zip(b, (x, y) => (x + y) / 2)];

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

        var cumulative = TrueChildExcluded;
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
