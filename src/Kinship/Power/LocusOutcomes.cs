namespace Matching.Kinship.Power;

/// <summary>
/// What one locus can contribute to a candidate's ln LR: each outcome with its ln LR (finite: LR 0 outcomes are
/// left out, as no threshold above 0 counts them) and its probability under H2; under H1 it is LR times that. The
/// outcomes' H1 mass may fall short of 1 (an exclusion, or alleles the table lacks).
/// </summary>
internal sealed record LocusOutcomes(double[] LnLr, double[] Unrelated)
{
    public static LocusOutcomes Of(LocusGenotypes genotypes)
    {
        var (lnLr, unrelated) = (new List<double>(), new List<double>());
        for (var g = 0; g < genotypes.Lr.Length; g++)
        {
            if (genotypes.Lr[g] > 0 && genotypes.Unrelated[g] > 0)
            {
                lnLr.Add(Math.Log(genotypes.Lr[g]));
                unrelated.Add(genotypes.Unrelated[g]);
            }
        }

        return new LocusOutcomes([.. lnLr], [.. unrelated]);
    }

    /// <summary>The outcomes drawn ∝ P2 · LR^λ: their cumulative shares and ln M(λ) = ln Σ P2 · LR^λ. At λ = 1 the shares are H1's, unnormalised.</summary>
    public (double[] Cumulative, double LogM) Tilted(double tilt)
    {
        var cumulative = new double[LnLr.Length];
        var shift = tilt * LnLr.Max();
        var sum = 0.0;
        for (var o = 0; o < LnLr.Length; o++)
        {
            sum += Unrelated[o] * Math.Exp((tilt * LnLr[o]) - shift);
            cumulative[o] = sum;
        }

        var logM = Math.Log(sum) + shift;
        // At λ = 1 keep H1's own shortfall (mass outside the outcomes draws as an exclusion); otherwise draw within them.
        var scale = tilt == 1 ? Math.Exp(shift) : 1 / sum;
        for (var o = 0; o < cumulative.Length; o++)
        {
            cumulative[o] *= scale;
        }

        return (cumulative, tilt == 1 ? 0 : logM);
    }

    /// <summary>The mean of ln LR when the outcomes are drawn ∝ P2 · LR^λ.</summary>
    public double TiltedMean(double tilt)
    {
        var shift = tilt * LnLr.Max();
        var (sum, weighted) = (0.0, 0.0);
        for (var o = 0; o < LnLr.Length; o++)
        {
            var w = Unrelated[o] * Math.Exp((tilt * LnLr[o]) - shift);
            sum += w;
            weighted += w * LnLr[o];
        }

        return weighted / sum;
    }
}
