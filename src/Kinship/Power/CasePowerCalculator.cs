namespace Matching.Kinship.Power;

/// <summary>
/// A case's power, exactly where the grid is affordable and by simulation where it is not (many loci with many
/// distinct LRs each): the convolution's cost grows with the product of the loci's spans and their distinct values,
/// the simulation's only with the draws.
/// </summary>
public static class CasePowerCalculator
{
    /// <summary>Multiply-adds of convolution above which the draws are cheaper (about a second here).</summary>
    public const double ExactWorkLimit = 2e9;

    public static CasePower Power(KinshipEngine engine, KinshipCase kinshipCase, IReadOnlyList<double> thresholds, int draws, int seed,
        double step = LrDistribution.DefaultStep)
    {
        var loci = LrSimulation.TypedLoci(engine, kinshipCase);
        var binned = loci.Select(l => LrDistribution.Binned(l, step)).ToList();
        return LrDistribution.ConvolutionWork(binned) <= ExactWorkLimit
            ? LrDistribution.Power(binned, thresholds, step)
            : LrSimulation.Power(loci, thresholds, draws, seed);
    }
}
