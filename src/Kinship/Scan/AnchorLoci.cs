namespace Matching.Kinship.Scan;

/// <summary>
/// Locus bucket keys. Without mutation a child shares an allele with each parent at every locus, and with a
/// one-step mutation an allele within one repeat of it, so a parent's alleles at a few anchor loci say which persons
/// can be its child. Each anchor locus splits its alleles, in repeat order, into classes of about equal frequency; a
/// member's key is the pair of classes its genotype falls into at every anchor (or "untyped" there). A query reaches
/// the keys holding an allele class within the mutation window of one of its alleles at every anchor. What this
/// loses is a true parent–child pair with a mutation of more than <see cref="Window"/> repeats at an anchor locus.
/// </summary>
public sealed class AnchorLoci
{
    private readonly int[] _columns;
    private readonly int[][] _classOf;
    private readonly bool[][][] _window;
    private readonly int _components;

    public AnchorLoci(ScanLayout layout, IReadOnlyList<string> anchors, int classes = 6, double window = 1)
    {
        if (classes is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "allele classes per anchor locus must be between 1 and 64");
        }

        Classes = classes;
        Window = window;
        _components = (classes * (classes + 1) / 2) + 1;
        _columns = new int[anchors.Count];
        _classOf = new int[anchors.Count][];
        _window = new bool[anchors.Count][][];
        for (var a = 0; a < anchors.Count; a++)
        {
            var name = LocusName.Normalize(anchors[a]);
            _columns[a] = Enumerable.Range(0, layout.Loci.Count).FirstOrDefault(l => layout.Loci[l].Locus == name, -1);
            if (_columns[a] < 0)
            {
                throw new ArgumentException($"anchor locus {anchors[a]} is not one of the scan loci ({string.Join(", ", layout.Loci.Select(l => l.Locus))})");
            }

            (_classOf[a], _window[a]) = Partition(layout.Loci[_columns[a]], classes, window);
        }

        Loci = [.. _columns.Select(c => layout.Loci[c].Locus)];
        KeyCount = checked((int)Math.Pow(_components, anchors.Count));
    }

    /// <summary>
    /// Loci in the order they prune: how often an unrelated person holds an allele within one repeat of a random
    /// person's, measured on the East Asia table (Penta E 64 %, D6S1043 77 %, D2S1338 78 %, D1S1656 83 %, FGA 83 %,
    /// D18S51 84 %; CSF1PO and D3S1358 over 95 %).
    /// </summary>
    public static IReadOnlyList<string> Preferred { get; } = ["Penta E", "D2S1338", "D6S1043", "D1S1656", "FGA", "D18S51", "D12S391", "D8S1179"];

    /// <summary>The first <paramref name="count"/> loci of <see cref="Preferred"/> the layout packs.</summary>
    public static IReadOnlyList<string> Choose(ScanLayout layout, int count = 2) =>
        [.. Preferred.Where(l => layout.Loci.Any(x => x.Locus == LocusName.Normalize(l))).Take(count)];

    /// <summary>The anchor loci, canonical names.</summary>
    public IReadOnlyList<string> Loci { get; }

    public int Classes { get; }

    /// <summary>The mutation window in repeats: alleles this close count as shared.</summary>
    public double Window { get; }

    /// <summary>Keys run from 0 to KeyCount − 1.</summary>
    public int KeyCount { get; }

    /// <summary>The key of a member by its layout codes (a person's own, or the anchoring parent's).</summary>
    public int Key(ReadOnlySpan<ushort> codes)
    {
        var key = 0;
        for (var a = _columns.Length - 1; a >= 0; a--)
        {
            key = (key * _components) + Component(a, codes[_columns[a]]);
        }

        return key;
    }

    /// <summary>Marks in <paramref name="reachable"/> (length KeyCount) every key a member sharing an allele with these codes can have.</summary>
    public void Reachable(ReadOnlySpan<ushort> codes, Span<bool> reachable)
    {
        var allowed = new bool[_columns.Length][];
        for (var a = 0; a < _columns.Length; a++)
        {
            allowed[a] = Allowed(a, codes[_columns[a]]);
        }

        Mark(allowed, reachable);
    }

    /// <summary>
    /// Marks every key a member identical to these codes wherever both are typed can have: at each anchor, the
    /// codes' own class pair or untyped (every key where the codes are untyped).
    /// </summary>
    public void Identical(ReadOnlySpan<ushort> codes, Span<bool> keys)
    {
        var allowed = new bool[_columns.Length][];
        for (var a = 0; a < _columns.Length; a++)
        {
            allowed[a] = new bool[_components];
            if (codes[_columns[a]] == ScanLayout.Untyped)
            {
                Array.Fill(allowed[a], true);
            }
            else
            {
                allowed[a][Component(a, codes[_columns[a]])] = true;
                allowed[a][_components - 1] = true;
            }
        }

        Mark(allowed, keys);
    }

    /// <summary>Marks the keys whose component at every anchor is allowed there.</summary>
    private void Mark(bool[][] allowed, Span<bool> keys)
    {
        for (var key = 0; key < KeyCount; key++)
        {
            var rest = key;
            var ok = true;
            for (var a = 0; a < _columns.Length && ok; a++)
            {
                ok = allowed[a][rest % _components];
                rest /= _components;
            }

            keys[key] = ok;
        }
    }

    private int Component(int anchor, ushort code)
    {
        if (code == ScanLayout.Untyped)
        {
            return _components - 1;
        }

        var (i, j) = GenotypeIndex.Alleles(code - 1);
        int c1 = _classOf[anchor][i], c2 = _classOf[anchor][j];
        if (c1 > c2)
        {
            (c1, c2) = (c2, c1);
        }

        return (c2 * (c2 + 1) / 2) + c1;
    }

    private bool[] Allowed(int anchor, ushort code)
    {
        var allowed = new bool[_components];
        if (code == ScanLayout.Untyped)
        {
            Array.Fill(allowed, true);
            return allowed;
        }

        var (i, j) = GenotypeIndex.Alleles(code - 1);
        var near = new bool[Classes];
        for (var c = 0; c < Classes; c++)
        {
            near[c] = _window[anchor][i][c] || _window[anchor][j][c];
        }

        for (var c2 = 0; c2 < Classes; c2++)
        {
            for (var c1 = 0; c1 <= c2; c1++)
            {
                allowed[(c2 * (c2 + 1) / 2) + c1] = near[c1] || near[c2];
            }
        }

        allowed[_components - 1] = true;
        return allowed;
    }

    /// <summary>Each allele's class, and for each allele the classes holding an allele within the window of it.</summary>
    private static (int[] ClassOf, bool[][] Window) Partition(LocusFrequencies locus, int classes, double window)
    {
        var n = locus.Alleles.Count;
        var repeats = new double[n];
        for (var i = 0; i < n; i++)
        {
            repeats[i] = AlleleLabel.TryRepeats(locus.Alleles[i], out var r) ? r : double.NaN;
        }

        // Repeat order, labels that are not numbers last: classes are runs of neighbouring alleles.
        var order = Enumerable.Range(0, n).OrderBy(i => double.IsNaN(repeats[i]) ? double.MaxValue : repeats[i]).ThenBy(i => i).ToArray();
        var classOf = new int[n];
        var before = 0.0;
        foreach (var i in order)
        {
            classOf[i] = Math.Min(classes - 1, (int)((before + (locus.Frequencies[i] / 2)) * classes));
            before += locus.Frequencies[i];
        }

        var near = new bool[n][];
        for (var i = 0; i < n; i++)
        {
            near[i] = new bool[classes];
            for (var j = 0; j < n; j++)
            {
                var close = i == j || (!double.IsNaN(repeats[i]) && !double.IsNaN(repeats[j]) && Math.Abs(repeats[i] - repeats[j]) <= window + 1e-9);
                near[i][classOf[j]] |= close;
            }
        }

        return (classOf, near);
    }
}
