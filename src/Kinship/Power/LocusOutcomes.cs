namespace Matching.Kinship.Power;

/// <summary>
/// What one locus can contribute to a candidate's ln LR: each outcome with its ln LR (outcomes of LR 0 are left out,
/// as no threshold above 0 counts them) and its probability under H2 and under H1. The H1 mass may fall short of 1
/// (an exclusion, or alleles the table lacks). For a single genotype P1 = LR · P2; outcomes gathered on a grid
/// (a relative's genotypes times the missing person's, NextRelative) keep both masses as they were, so the
/// rounding of ln LR moves no mass.
/// </summary>
internal sealed record LocusOutcomes(double[] LnLr, double[] Unrelated, double[] TrueChild)
{
    public static LocusOutcomes Of(LocusGenotypes genotypes)
    {
        var kept = Enumerable.Range(0, genotypes.Lr.Length).Where(g => genotypes.Lr[g] > 0 && genotypes.Unrelated[g] > 0 && genotypes.TrueChild[g] > 0).ToArray();
        return new LocusOutcomes([.. kept.Select(g => Math.Log(genotypes.Lr[g]))], [.. kept.Select(g => genotypes.Unrelated[g])],
            [.. kept.Select(g => genotypes.TrueChild[g])]);
    }

    /// <summary>
    /// The outcomes drawn ∝ P2^(1−λ) · P1^λ (for a single genotype P2 · LR^λ): their cumulative shares, and for each
    /// outcome ln(P2 / q) and ln(P1 / q), the importance weights' terms. At λ = 1 the shares are H1's own, unnormalised,
    /// so that H1's shortfall draws as an exclusion.
    /// </summary>
    public (double[] Cumulative, double[] LogUnrelated, double[] LogTrueChild) Tilted(double tilt)
    {
        var n = LnLr.Length;
        var logQ = new double[n];
        for (var o = 0; o < n; o++)
        {
            logQ[o] = ((1 - tilt) * Math.Log(Unrelated[o])) + (tilt * Math.Log(TrueChild[o]));
        }

        var top = n > 0 ? logQ.Max() : 0;
        var cumulative = new double[n];
        var sum = 0.0;
        for (var o = 0; o < n; o++)
        {
            sum += Math.Exp(logQ[o] - top);
            cumulative[o] = sum;
        }

        var logTotal = tilt == 1 ? -top : Math.Log(sum);
        var (logUnrelated, logTrueChild) = (new double[n], new double[n]);
        for (var o = 0; o < n; o++)
        {
            cumulative[o] = tilt == 1 ? cumulative[o] * Math.Exp(top) : cumulative[o] / sum;
            var logShare = logQ[o] - top - logTotal;
            logUnrelated[o] = Math.Log(Unrelated[o]) - logShare;
            logTrueChild[o] = Math.Log(TrueChild[o]) - logShare;
        }

        return (cumulative, logUnrelated, logTrueChild);
    }

    /// <summary>The mean of ln LR when the outcomes are drawn ∝ P2^(1−λ) · P1^λ.</summary>
    public double TiltedMean(double tilt)
    {
        var n = LnLr.Length;
        var logQ = new double[n];
        for (var o = 0; o < n; o++)
        {
            logQ[o] = ((1 - tilt) * Math.Log(Unrelated[o])) + (tilt * Math.Log(TrueChild[o]));
        }

        var top = n > 0 ? logQ.Max() : 0;
        var (sum, weighted) = (0.0, 0.0);
        for (var o = 0; o < n; o++)
        {
            var w = Math.Exp(logQ[o] - top);
            sum += w;
            weighted += w * LnLr[o];
        }

        return sum > 0 ? weighted / sum : 0;
    }
}
