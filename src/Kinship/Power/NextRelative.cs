namespace Matching.Kinship.Power;

/// <summary>
/// Which relative to ask for next. For each role the case could still take, the case's power with that relative
/// added and typed at every locus of the table: at each locus the relative's genotype r is weighed by
/// P(r | the typed references) ∝ the references' likelihood with r typed, and the candidate's LR and probabilities
/// are those of the case with r. The loci stay independent. <see cref="With"/> convolves the mixtures exactly;
/// <see cref="Rank"/> draws from the same mixtures on the grid of 0.001 in ln LR (rounded down), seeded, which is far
/// cheaper across every role and what the ranking needs. Ranked by the gain in P(true child ≥ the ranking threshold), then by the median.
/// </summary>
public static class NextRelative
{
    /// <summary>Every role the case could add: each place not held, and one more of each role that may repeat.</summary>
    public static IReadOnlyList<Role> Addable(KinshipCase kinshipCase) =>
        [.. Enum.GetValues<Role>().Where(role => !RoleNames.IsSingular(role) || kinshipCase.References.All(r => r.Role != role))];

    /// <summary>The power with each addable relative by simulation, best gain first; the case's own power is <paramref name="current"/>.</summary>
    public static IReadOnlyList<RelativePower> Rank(KinshipEngine engine, KinshipCase kinshipCase, CasePower current, IReadOnlyList<double> thresholds,
        double rankingThreshold, int draws, int seed)
    {
        if (kinshipCase.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(kinshipCase));
        }

        var found = Addable(kinshipCase).AsParallel().AsOrdered()
            .Select(role => new RelativePower(role, Simulate(engine, kinshipCase, role, thresholds, draws, seed)))
            .ToList();
        var before = TrueChildAt(current, rankingThreshold);
        return [.. found
            .OrderByDescending(r => TrueChildAt(r.Power, rankingThreshold) - before)
            .ThenByDescending(r => r.Power.TrueChildLog10Lr.Median ?? double.NegativeInfinity)
            .ThenBy(r => r.Role)];
    }

    /// <summary>The case's power with one relative of <paramref name="role"/> added, exactly (up to the grid).</summary>
    public static CasePower With(KinshipEngine engine, KinshipCase kinshipCase, Role role, IReadOnlyList<double> thresholds)
    {
        var step = LrDistribution.DefaultStep;
        var loci = engine.Frequencies.Loci.Select(f => Binned(Tables(engine, kinshipCase, f, role), step)).Where(l => l.Bins.Length > 0).ToList();
        return LrDistribution.Power(loci, thresholds, step);
    }

    /// <summary>The case's power with one relative of <paramref name="role"/> added, from seeded draws of the relative and the true child.</summary>
    public static CasePower Simulate(KinshipEngine engine, KinshipCase kinshipCase, Role role, IReadOnlyList<double> thresholds, int draws, int seed) =>
        LrSimulation.Power([.. engine.Frequencies.Loci.Select(f => Outcomes(Tables(engine, kinshipCase, f, role))).Where(l => l.LnLr.Length > 0)],
            thresholds, draws, seed);

    /// <summary>One locus's outcomes: every pair of the relative's genotype and the missing person's, with P2 = P(r | references) · P2(g | r).</summary>
    internal static LocusOutcomes Outcomes((double[] Relative, LocusGenotypes[] Given) locus)
    {
        var step = LrDistribution.DefaultStep;
        var (bins, unrelated, trueChild) = Binned(locus, step);
        var kept = Enumerable.Range(0, bins.Length).Where(k => unrelated[k] > 0 && trueChild[k] > 0).ToArray();
        return new LocusOutcomes([.. kept.Select(k => bins[k] * step)], [.. kept.Select(k => unrelated[k])], [.. kept.Select(k => trueChild[k])]);
    }

    /// <summary>
    /// One locus: P(r | references) for each genotype r the relative could have (those of weight 0 left out), and the
    /// missing person's genotype table given r. P(r | references) ∝ L(references + r), normalised over r: that sum is
    /// the references' likelihood in the pedigree that holds the relative, which differs from their likelihood without
    /// the relative's branch where the mutation model moves a founder's child off the table's frequencies.
    /// </summary>
    internal static (double[] Relative, LocusGenotypes[] Given) Tables(KinshipEngine engine, KinshipCase kinshipCase, LocusFrequencies frequencies, Role role)
    {
        var locus = frequencies.Locus;
        var alleles = frequencies.Alleles;
        var (weights, given) = (new List<double>(), new List<LocusGenotypes>());
        for (var a = 0; a < alleles.Count; a++)
        {
            for (var b = a; b < alleles.Count; b++)
            {
                var relative = new Profile(RoleNames.SexOf(role), new Dictionary<string, Genotype>(StringComparer.Ordinal) { [locus] = Genotype.Of(alleles[a], alleles[b]) });
                var genotypes = engine.GenotypesAt(kinshipCase with { References = [.. kinshipCase.References, new Reference(role, relative, "added")] }, locus);
                if (genotypes.ReferencesLikelihood > 0)
                {
                    weights.Add(genotypes.ReferencesLikelihood);
                    given.Add(genotypes);
                }
            }
        }

        var total = weights.Sum();
        return ([.. weights.Select(w => w / total)], [.. given]);
    }

    /// <summary>One locus with the relative's genotype summed out: the grid values of ln LR (rounded down) with their probabilities under H2 and H1; the exact mixture's and the draws'.</summary>
    private static (long[] Bins, double[] Unrelated, double[] TrueChild) Binned((double[] Relative, LocusGenotypes[] Given) locus, double step)
    {
        var byBin = new Dictionary<long, (double Unrelated, double TrueChild)>();
        for (var r = 0; r < locus.Relative.Length; r++)
        {
            var (weight, genotypes) = (locus.Relative[r], locus.Given[r]);
            for (var g = 0; g < genotypes.Lr.Length; g++)
            {
                if (genotypes.Lr[g] > 0 && genotypes.Unrelated[g] + genotypes.TrueChild[g] > 0)
                {
                    ref var mass = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byBin, (long)Math.Floor(Math.Log(genotypes.Lr[g]) / step), out _);
                    mass = (mass.Unrelated + (weight * genotypes.Unrelated[g]), mass.TrueChild + (weight * genotypes.TrueChild[g]));
                }
            }
        }

        var bins = byBin.Keys.Order().ToArray();
        return (bins, [.. bins.Select(k => byBin[k].Unrelated)], [.. bins.Select(k => byBin[k].TrueChild)]);
    }

    private static double TrueChildAt(CasePower power, double threshold) =>
        power.Power.FirstOrDefault(p => p.Threshold == threshold)?.TrueChild ?? 0;
}
