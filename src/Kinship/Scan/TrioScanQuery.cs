namespace Matching.Kinship.Scan;

/// <summary>
/// A new person against both-parents cases: per typed locus, the probability that the father, and the mother,
/// of each genotype transmits each of the person's alleles, so that a pair's trio LR is
/// (tF(c₁)·tMo(c₂) + tF(c₂)·tMo(c₁)) / P(c). <see cref="Against"/> turns it into the exact table of every
/// (father, mother) pair a <see cref="PairSpace"/> holds.
/// </summary>
public sealed class TrioScanQuery
{
    private TrioScanQuery(int[] loci, int[] first, int[] second, double[][] father, double[][] mother, double[] inverseP, bool[] homozygous, double[][] weights)
    {
        (First, Second) = (first, second);
        Weights = weights;
        Loci = loci;
        Homozygous = homozygous;
        Father = father;
        Mother = mother;
        InverseP = inverseP;
    }

    internal int[] Loci { get; }

    /// <summary>Per locus, the person's alleles as indices over the table's alleles.</summary>
    internal int[] First { get; }

    internal int[] Second { get; }

    /// <summary>Per locus, per father code: tF(c₁), tF(c₂) interleaved (a homozygous c has tF(c), 0).</summary>
    internal double[][] Father { get; }

    internal double[][] Mother { get; }

    internal double[] InverseP { get; }

    /// <summary>Whether the person is homozygous at the locus: then the LR is tF(c)·tMo(c) / P(c).</summary>
    internal bool[] Homozygous { get; }

    /// <summary>Per locus, how often an unrelated parent holds each code (LocusModel.CodeWeights).</summary>
    internal double[][] Weights { get; }

    public int ActiveLoci => Loci.Length;

    public static TrioScanQuery? ForPerson(KinshipEngine engine, ScanLayout layout, Profile person)
    {
        if (layout.TypedAlleles(person) is not { } typed)
        {
            return null;
        }

        var loci = new List<int>();
        var (first, second) = (new List<int>(), new List<int>());
        var fathers = new List<double[]>();
        var mothers = new List<double[]>();
        var inverse = new List<double>();
        var homozygous = new List<bool>();
        var weights = new List<double[]>();
        foreach (var (l, locus, c1, c2) in typed)
        {
            var model = engine.ModelFor(locus);
            loci.Add(l);
            first.Add(c1);
            second.Add(c2);
            fathers.Add(Transmissions(model, Sex.Male, c1, c2));
            mothers.Add(Transmissions(model, Sex.Female, c1, c2));
            inverse.Add(1 / model.HardyWeinberg[GenotypeIndex.Of(c1, c2)]);
            homozygous.Add(c1 == c2);
            weights.Add(model.CodeWeights);
        }

        return new TrioScanQuery([.. loci], [.. first], [.. second], [.. fathers], [.. mothers], [.. inverse], [.. homozygous], [.. weights]);
    }

    private static double[] Transmissions(LocusModel model, Sex sex, int c1, int c2)
    {
        var n = model.N;
        var t = model.Transmission[(int)sex];
        var q = model.FounderTransmission[(int)sex];
        var table = new double[2 * (model.G + 1)];
        table[0] = q[c1];
        table[1] = c1 == c2 ? 0 : q[c2];
        for (var g = 0; g < model.G; g++)
        {
            table[2 * (g + 1)] = t[(g * n) + c1];
            table[(2 * (g + 1)) + 1] = c1 == c2 ? 0 : t[(g * n) + c2];
        }

        return table;
    }

    /// <summary>
    /// The query against a block of pair-coded cases: per active locus, the exact trio LR of every (father, mother)
    /// pair the block holds, weighted by how many cases hold it. Building it costs one entry per distinct pair, which
    /// a block of many cases repays many times over; the scan then reads one table entry per locus per case.
    /// </summary>
    public ScanQuery Against(BothParentsBlock block) => Against(block.Pairs);

    /// <summary>The query against every pair of a space, for all the blocks coded in it.</summary>
    public ScanQuery Against(PairSpace block)
    {
        var exact = new double[Loci.Length][];
        var weights = new double[Loci.Length][];
        for (var l = 0; l < Loci.Length; l++)
        {
            var column = Loci[l];
            var pairs = block.PairCount(column);
            var (father, mother, inverse, homozygous) = (Father[l], Mother[l], InverseP[l], Homozygous[l]);
            exact[l] = new double[pairs];
            weights[l] = new double[pairs];
            for (var p = 0; p < pairs; p++)
            {
                var (f, m) = block.Pair(column, p);
                double a1 = father[2 * f], a2 = father[(2 * f) + 1], b1 = mother[2 * m], b2 = mother[(2 * m) + 1];
                exact[l][p] = (homozygous ? a1 * b1 : (a1 * b2) + (a2 * b1)) * inverse;
                weights[l][p] = (double)block.Holders(column, p) / Math.Max(1, block.Cases);
            }
        }

        return new ScanQuery(Loci, exact, weights);
    }

    /// <summary>
    /// The query against both-parents cases packed as two codes per locus: the father's in column l, the mother's in
    /// column <paramref name="motherColumns"/> + l (<see cref="TrioBound"/>).
    /// </summary>
    public TrioBound Bound(int motherColumns) => new(this, motherColumns);

    /// <summary>The exact trio LR of a member packed as father and mother codes.</summary>
    internal double Lr(PackedBlock block, int member, int motherColumns)
    {
        var lr = 1.0;
        for (var l = 0; l < Loci.Length && lr > 0; l++)
        {
            int f = block.Code(Loci[l], member), m = block.Code(motherColumns + Loci[l], member);
            double a1 = Father[l][2 * f], a2 = Father[l][(2 * f) + 1], b1 = Mother[l][2 * m], b2 = Mother[l][(2 * m) + 1];
            lr *= (Homozygous[l] ? a1 * b1 : (a1 * b2) + (a2 * b1)) * InverseP[l];
        }

        return lr;
    }
}
