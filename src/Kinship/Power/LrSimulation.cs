namespace Matching.Kinship.Power;

/// <summary>
/// A case's power by simulation, seeded so that the same input gives the same figures. Each locus is a set of
/// outcomes (the missing person's genotype, or with a relative added the pair of theirs) with ln LR and a probability
/// under H2 and under H1 (= LR · H2 for one genotype). The true child's quantiles come from plain draws under H1. Each
/// threshold t is reached by importance sampling with an exponential tilt: per locus the outcomes are drawn
/// ∝ P2^(1−λ) · P1^λ (P2 · LR^λ), with λ chosen so that the tilted mean of ln LR is ln t (λ = 1 is H1 itself), and
/// weighed back by P2 / q for the unrelated person; the true child by P1 / q where λ > 1, and from H1's own draws
/// where t lies below their bulk. So a tail of 10⁻⁹ needs no 10⁹ draws.
/// </summary>
public static class LrSimulation
{
    /// <summary>The largest tilt tried: well past the true child's own distribution (λ = 1).</summary>
    private const double MaximumTilt = 8;

    /// <summary>The power from <paramref name="draws"/> draws per figure with <paramref name="seed"/>.</summary>
    public static CasePower Power(KinshipEngine engine, KinshipCase kinshipCase, IReadOnlyList<double> thresholds, int draws, int seed) =>
        Power(TypedLoci(engine, kinshipCase), thresholds, draws, seed);

    /// <summary>The power from the loci's genotype tables.</summary>
    public static CasePower Power(IReadOnlyList<LocusGenotypes> loci, IReadOnlyList<double> thresholds, int draws, int seed) =>
        Power([.. loci.Select(LocusOutcomes.Of)], thresholds, draws, seed);

    internal static CasePower Power(IReadOnlyList<LocusOutcomes> loci, IReadOnlyList<double> thresholds, int draws, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        var random = new Random(seed);
        var plain = Draw(loci, 1, draws, random);
        var figures = new List<ExceedanceFigure>(thresholds.Count);
        foreach (var threshold in thresholds)
        {
            var lnT = Math.Log(threshold);
            var tilt = TiltFor(loci, lnT);
            var tilted = Draw(loci, tilt, draws, random);
            // The true child from the same tilt only above its own bulk: below it, H1's own draws (λ = 1) carry no
            // heavy weights, where a tilt under 1 would give the rare draws far above t weights of LR^(1 − λ).
            var own = tilt > 1 ? tilted : plain;
            var (unrelated, trueChild) = (new Moments(), new Moments());
            for (var d = 0; d < draws; d++)
            {
                unrelated.Add(tilted.LnLr[d] >= lnT ? Math.Exp(tilted.LogUnrelated[d]) : 0);
                trueChild.Add(own.LnLr[d] >= lnT ? Math.Exp(own.LogTrueChild[d]) : 0);
            }

            var (u, t) = (unrelated.Mean, Math.Min(1, trueChild.Mean));
            figures.Add(new ExceedanceFigure(threshold, u, unrelated.StandardError, t, trueChild.StandardError, (u, u), (t, t)));
        }

        var sorted = (double[])plain.LnLr.Clone();
        Array.Sort(sorted);
        double? Quantile(double q)
        {
            var x = sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return double.IsNegativeInfinity(x) ? null : x / Math.Log(10);
        }

        return new CasePower(figures, new Log10LrQuantiles(Quantile(0.5), Quantile(0.05)), PowerMethod.Simulation);
    }

    /// <summary>The true child's ln LR in each of <paramref name="draws"/> plain draws under H1 (−∞ where a locus excludes it).</summary>
    public static double[] Draw(IReadOnlyList<LocusGenotypes> loci, int draws, int seed) =>
        Draw([.. loci.Select(LocusOutcomes.Of)], 1, draws, new Random(seed)).LnLr;

    /// <summary>Draws with every locus tilted by λ: each draw's ln LR and the logs of its weights for H2 and for H1.</summary>
    private static (double[] LnLr, double[] LogUnrelated, double[] LogTrueChild) Draw(IReadOnlyList<LocusOutcomes> loci, double tilt, int draws, Random random)
    {
        var tilted = loci.Select(l => l.Tilted(tilt)).ToArray();
        var (lnLr, logUnrelated, logTrueChild) = (new double[draws], new double[draws], new double[draws]);
        for (var d = 0; d < draws; d++)
        {
            var (sum, w2, w1) = (0.0, 0.0, 0.0);
            for (var l = 0; l < tilted.Length; l++)
            {
                var o = Sample(tilted[l].Cumulative, random);
                if (o >= loci[l].LnLr.Length)
                {
                    // Under H1 (λ = 1) mass outside the outcomes (an exclusion, unseen alleles) reaches no threshold.
                    sum = double.NegativeInfinity;
                    continue;
                }

                sum += loci[l].LnLr[o];
                w2 += tilted[l].LogUnrelated[o];
                w1 += tilted[l].LogTrueChild[o];
            }

            (lnLr[d], logUnrelated[d], logTrueChild[d]) = (sum, w2, w1);
        }

        return (lnLr, logUnrelated, logTrueChild);
    }

    /// <summary>λ in [0, 8] with the tilted mean of ln LR at ln t; 0 where even H2's mean is above it, 1 at the least where H1's is.</summary>
    private static double TiltFor(IReadOnlyList<LocusOutcomes> loci, double lnT)
    {
        double Mean(double tilt) => loci.Sum(l => l.TiltedMean(tilt));
        if (Mean(0) >= lnT)
        {
            return 0;
        }

        var (low, high) = (0.0, MaximumTilt);
        if (Mean(high) <= lnT)
        {
            return high;
        }

        for (var i = 0; i < 24; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = Mean(middle) < lnT ? (middle, high) : (low, middle);
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// An index drawn by its share of the cumulative sums; the last takes any rounding at the top, and where the sums
    /// fall short of 1 (mass the table lacks: unseen alleles) the draw may land past the end, which the caller counts as excluded.
    /// </summary>
    internal static int Sample(double[] cumulative, Random random)
    {
        var u = random.NextDouble() * (cumulative[^1] > 1 - 1e-9 ? cumulative[^1] : 1);
        var index = Array.BinarySearch(cumulative, u);
        return index < 0 ? ~index : index + 1;
    }

    /// <summary>The loci of the engine's table that a reference is typed at, each with its genotypes' LRs and probabilities.</summary>
    public static IReadOnlyList<LocusGenotypes> TypedLoci(KinshipEngine engine, KinshipCase kinshipCase)
    {
        if (kinshipCase.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(kinshipCase));
        }

        return [.. engine.Frequencies.Loci
            .Where(f => kinshipCase.References.Any(r => r.Profile[f.Locus] is not null))
            .Select(f => engine.GenotypesAt(kinshipCase, f.Locus))];
    }

    /// <summary>Running sums of a weighted indicator: its mean and the mean's standard error.</summary>
    private sealed class Moments
    {
        private double _sum;
        private double _squares;
        private int _count;

        public void Add(double x) => (_sum, _squares, _count) = (_sum + x, _squares + (x * x), _count + 1);

        public double Mean => _sum / _count;

        public double StandardError => Math.Sqrt(Math.Max(0, (_squares / _count) - (Mean * Mean)) / _count);
    }
}
