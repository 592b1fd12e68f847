namespace Matching.Kinship.Scan;

/// <summary>
/// One query's lookup tables, built once and then scored against packed blocks: per active locus, the LR of
/// every code a member can hold at that locus. The kernel filters on float log-LRs and confirms survivors with
/// the exact double LRs, so what it reports equals the general path.
/// </summary>
public sealed class ScanQuery
{
    internal const float Impossible = -1e30f;

    private ScanQuery(int[] columns, double[][] exact, double[][] weights)
    {
        // Loci where an unrelated member loses most against the best this locus could give come first, so a group
        // that cannot reach the threshold is dropped after as few loci as possible.
        var order = Enumerable.Range(0, columns.Length).OrderBy(l => OrderKey(exact[l], weights[l])).ToArray();
        Columns = order.Select(l => columns[l]).ToArray();
        Exact = order.Select(l => exact[l]).ToArray();
        Offsets = new int[Columns.Length];
        var total = 0;
        for (var l = 0; l < Columns.Length; l++)
        {
            Offsets[l] = total;
            total += Exact[l].Length;
        }

        LogTables = GC.AllocateArray<float>(Math.Max(total, 1), pinned: true);
        SuffixBound = new float[Columns.Length + 1];
        for (var l = 0; l < Columns.Length; l++)
        {
            for (var code = 0; code < Exact[l].Length; code++)
            {
                LogTables[Offsets[l] + code] = Log(Exact[l][code]);
            }
        }

        for (var l = Columns.Length - 1; l >= 0; l--)
        {
            SuffixBound[l] = SuffixBound[l + 1] + Math.Max(0, Exact[l].Max(v => Log(v)));
        }
    }

    /// <summary>E[log LR] of an unrelated member (Hardy–Weinberg weights over codes) less the locus' best log LR.</summary>
    internal static double OrderKey(double[] lrs, double[] weights)
    {
        var expected = 0.0;
        var best = double.NegativeInfinity;
        for (var code = 0; code < lrs.Length; code++)
        {
            var log = lrs[code] > 0 ? Math.Log(lrs[code]) : -50;
            expected += weights[code] * log;
            best = Math.Max(best, log);
        }

        return expected - best;
    }

    /// <summary>Hardy–Weinberg weight of each code (untyped weighs nothing): how often an unrelated member holds it.</summary>
    internal static double[] CodeWeights(LocusModel model)
    {
        var weights = new double[model.G + 1];
        model.HardyWeinberg.AsSpan().CopyTo(weights.AsSpan(1));
        return weights;
    }

    /// <summary>The block column each active locus reads.</summary>
    internal int[] Columns { get; }

    internal double[][] Exact { get; }

    internal int[] Offsets { get; }

    internal float[] LogTables { get; }

    /// <summary>SuffixBound[l]: the most the loci from l on can still add to a log-LR.</summary>
    internal float[] SuffixBound { get; }

    public int ActiveLoci => Columns.Length;

    internal static float Log(double lr) => lr > 0 ? (float)Math.Log(lr) : Impossible;

    /// <summary>
    /// A new person of unknown parentage against packed one-parent cases (one column per layout locus holding
    /// the parent's code). Null when the person carries an allele the table lacks: score on the general path.
    /// </summary>
    public static ScanQuery? ForPersonAgainstParents(KinshipEngine engine, ScanLayout layout, Profile person, Sex parentSex)
    {
        if (layout.TypedAlleles(person) is not { } typed)
        {
            return null;
        }

        var columns = new List<int>();
        var exact = new List<double[]>();
        var weights = new List<double[]>();
        foreach (var (l, locus, a, b) in typed)
        {
            var model = engine.ModelFor(locus);
            var forms = new ClosedForms(model);
            var candidate = GenotypeIndex.Of(a, b);
            var table = new double[model.G + 1];
            table[ScanLayout.Untyped] = forms.NoReferenceTyped(candidate);
            for (var g = 0; g < model.G; g++)
            {
                table[g + 1] = forms.OneParent(parentSex, g, candidate);
            }

            columns.Add(l);
            exact.Add(table);
            weights.Add(CodeWeights(model));
        }

        return new ScanQuery([.. columns], [.. exact], [.. weights]);
    }

    /// <summary>A new or changed case, of any shape, against packed persons (one column per layout locus).</summary>
    public static ScanQuery ForCaseAgainstPersons(KinshipEngine engine, ScanLayout layout, KinshipCase kinshipCase)
    {
        var columns = new List<int>();
        var exact = new List<double[]>();
        var weights = new List<double[]>();
        for (var l = 0; l < layout.Loci.Count; l++)
        {
            weights.Add(CodeWeights(engine.ModelFor(layout.Loci[l])));
            var byGenotype = engine.LikelihoodRatiosByGenotype(kinshipCase, layout.Loci[l].Locus);
            var table = new double[byGenotype.Length + 1];
            table[ScanLayout.Untyped] = 1;
            byGenotype.CopyTo(table, 1);
            columns.Add(l);
            exact.Add(table);
        }

        return new ScanQuery([.. columns], [.. exact], [.. weights]);
    }
}
