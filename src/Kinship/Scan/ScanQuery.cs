namespace Matching.Kinship.Scan;

/// <summary>
/// One query's lookup tables, built once and then scored against packed blocks: per active locus, the LR of
/// every code a member can hold at that locus. The kernel filters on float log-LRs and confirms survivors with
/// the exact double LRs, so what it reports equals the general path.
/// </summary>
public sealed class ScanQuery : IScanQuery
{
    internal const float Impossible = -1e30f;

    internal ScanQuery(int[] columns, double[][] exact, double[][] weights)
    {
        // One float log per table entry, shared by the ordering, the tables and the bounds: a query against a block
        // of pair-coded cases builds tens of thousands of entries per locus.
        var logs = new float[columns.Length][];
        var keys = new double[columns.Length];
        var best = new float[columns.Length];
        for (var l = 0; l < columns.Length; l++)
        {
            var log = logs[l] = new float[exact[l].Length];
            var expected = 0.0;
            var top = Impossible;
            for (var code = 0; code < log.Length; code++)
            {
                log[code] = Log(exact[l][code]);
                expected += weights[l][code] * Math.Max(log[code], -50f);
                top = Math.Max(top, log[code]);
            }

            best[l] = top;
            // A table past the first-level caches costs a miss per gather: its locus is worth less per lookup.
            keys[l] = (expected - Math.Max(top, -50f)) / (1 + (log.Length / 8192.0));
        }

        // Loci where an unrelated member loses most against the best this locus could give come first, so a group
        // that cannot reach the threshold is dropped after as few loci as possible.
        var order = Enumerable.Range(0, columns.Length).OrderBy(l => keys[l]).ToArray();
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
            logs[order[l]].CopyTo(LogTables, Offsets[l]);
        }

        for (var l = Columns.Length - 1; l >= 0; l--)
        {
            SuffixBound[l] = SuffixBound[l + 1] + Math.Max(0, best[order[l]]);
        }
    }

    /// <summary>The block column each active locus reads.</summary>
    internal int[] Columns { get; }

    internal double[][] Exact { get; }

    internal int[] Offsets { get; }

    internal float[] LogTables { get; }

    /// <summary>SuffixBound[l]: the most the loci from l on can still add to a log-LR.</summary>
    internal float[] SuffixBound { get; }

    public int ActiveLoci => Columns.Length;

    /// <summary>The exact LR the query gives a member holding <paramref name="code"/> in a block column; false for a column it does not read.</summary>
    public bool TryExact(int column, ushort code, out double lr)
    {
        var at = Array.IndexOf(Columns, column);
        lr = at >= 0 && code < Exact[at].Length ? Exact[at][code] : double.NaN;
        return at >= 0 && code < Exact[at].Length;
    }

    public int Scan(PackedBlock block, double threshold, List<ScanHit> hits) => ScanKernel.Scan(this, block, threshold, hits);

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

        var columns = new List<int>(typed.Count);
        var exact = new List<double[]>(typed.Count);
        var weights = new List<double[]>(typed.Count);
        foreach (var (l, locus, a, b) in typed)
        {
            var model = engine.ModelFor(locus);
            var forms = model.Forms;
            var candidate = GenotypeIndex.Of(a, b);
            var table = new double[model.G + 1];
            table[ScanLayout.Untyped] = forms.NoReferenceTyped(candidate);
            forms.OneParentRow(parentSex, candidate, table.AsSpan(1));
            columns.Add(l);
            exact.Add(table);
            weights.Add(model.CodeWeights);
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
            weights.Add(engine.ModelFor(layout.Loci[l]).CodeWeights);
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
