namespace Matching.Kinship.Scan;

/// <summary>
/// How profiles are packed for the scan: one small integer per locus, 0 for untyped, 1 + the genotype's index
/// over the frequency table's alleles otherwise. A profile with an allele the table lacks cannot be packed and
/// is scored on the general path instead.
/// </summary>
public sealed class ScanLayout
{
    public const ushort Untyped = 0;

    /// <summary>
    /// A code no packed member holds, for a genotype with an allele the table lacks: in the identity check a member
    /// agrees with it only by being untyped there (<see cref="EncodeUnseen"/>).
    /// </summary>
    public const ushort Unseen = ushort.MaxValue;

    private readonly Dictionary<string, int> _columns;

    // The layout's loci in ordinal order of name, to walk beside a profile's loci kept in that order.
    private readonly int[] _byName;

    public ScanLayout(FrequencyTable table, IEnumerable<string> loci)
    {
        Table = table;
        Loci = loci.Select(l => table[l] ?? throw new ArgumentException($"locus {l} is not in the frequency table {table.Name}")).ToArray();
        _columns = Loci.Select((l, i) => (l.Locus, i)).ToDictionary(c => c.Locus, c => c.i, StringComparer.Ordinal);
        _byName = [.. Enumerable.Range(0, Loci.Count).OrderBy(l => Loci[l].Locus, StringComparer.Ordinal)];
        ByDiscrimination = [.. Enumerable.Range(0, Loci.Count).OrderBy(l => GenotypeMatch(Loci[l])).ThenBy(l => l)];
        foreach (var locus in Loci)
        {
            if (GenotypeIndex.Count(locus.Alleles.Count) + 1 > ushort.MaxValue)
            {
                throw new ArgumentException($"locus {locus.Locus} has too many alleles to pack");
            }
        }
    }

    /// <summary>A layout of every locus of the table: what a case's or a person's LR by genotype reads beyond the scan loci.</summary>
    public static ScanLayout EveryLocus(FrequencyTable table) => new(table, table.Loci.Select(l => l.Locus));

    public FrequencyTable Table { get; }

    /// <summary>
    /// The layout's columns, first the locus where two unrelated people most rarely share a genotype: the order in
    /// which an identity check rules most members out soonest.
    /// </summary>
    public IReadOnlyList<int> ByDiscrimination { get; }

    /// <summary>The chance that two unrelated people share a genotype at the locus (Hardy–Weinberg): Σ P(g)².</summary>
    private static double GenotypeMatch(LocusFrequencies locus)
    {
        var p = locus.Frequencies;
        var match = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            match += Math.Pow(p[i] * p[i], 2);
            for (var j = i + 1; j < p.Count; j++)
            {
                match += Math.Pow(2 * p[i] * p[j], 2);
            }
        }

        return match;
    }

    public IReadOnlyList<LocusFrequencies> Loci { get; }

    /// <summary>
    /// The loci where the person is typed, as (layout index, locus, allele indices); null when the person carries an
    /// allele the table lacks, so that the caller scores the person on the general path.
    /// </summary>
    public IReadOnlyList<(int Index, LocusFrequencies Locus, int First, int Second)>? TypedAlleles(Profile person)
    {
        var typed = new List<(int, LocusFrequencies, int, int)>();
        for (var l = 0; l < Loci.Count; l++)
        {
            var locus = Loci[l];
            if (person[locus.Locus] is not { } genotype)
            {
                continue;
            }

            int a = locus.IndexOf(genotype.First), b = locus.IndexOf(genotype.Second);
            if (a < 0 || b < 0)
            {
                return null;
            }

            typed.Add((l, locus, a, b));
        }

        return typed;
    }

    /// <summary>Whether every locus the profile is typed at is a locus of this layout (else packing would drop some).</summary>
    public bool Covers(Profile profile)
    {
        foreach (var locus in profile.Loci.Keys)
        {
            if (!_columns.ContainsKey(locus))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes one code per locus (loci outside the layout are not written); false when an allele is not in the table.</summary>
    public bool TryEncode(Profile profile, Span<ushort> codes) => TryEncode(profile, codes, out _);

    /// <summary>
    /// As <see cref="TryEncode(Profile, Span{ushort})"/>, and false too when the profile is typed at a locus outside
    /// the layout: <see cref="Covers"/> and the encoding in one pass, for every person a bulk import places.
    /// </summary>
    public bool TryEncodeWhole(Profile profile, Span<ushort> codes) => TryEncode(profile, codes, out var typed) && typed == profile.Loci.Count;

    /// <summary>
    /// <see cref="TryEncodeWhole(Profile, Span{ushort})"/> for loci in ordinal order of name with their two alleles at
    /// [2i] and [2i + 1]: one walk beside the layout's loci in that order, no lookup by name.
    /// </summary>
    public bool TryEncodeWhole(ReadOnlySpan<string> loci, ReadOnlySpan<string> alleles, Span<ushort> codes)
    {
        var i = 0;
        foreach (var l in _byName)
        {
            var order = i < loci.Length ? string.CompareOrdinal(loci[i], Loci[l].Locus) : 1;
            if (order < 0)
            {
                return false; // typed at a locus the layout lacks
            }

            if (order > 0)
            {
                codes[l] = Untyped;
                continue;
            }

            int a = Loci[l].IndexOf(alleles[2 * i]), b = Loci[l].IndexOf(alleles[(2 * i) + 1]);
            if (a < 0 || b < 0)
            {
                return false;
            }

            codes[l] = (ushort)(1 + GenotypeIndex.Of(a, b));
            i++;
        }

        return i == loci.Length;
    }

    /// <summary>The layout codes of a profile, a genotype with an allele the table lacks as <see cref="Unseen"/>.</summary>
    public void EncodeUnseen(Profile profile, Span<ushort> codes) => Encode(profile, codes, out _);

    private bool TryEncode(Profile profile, Span<ushort> codes, out int typed)
    {
        typed = Encode(profile, codes, out var unseen);
        return !unseen;
    }

    /// <summary>Fills every layout locus's code; returns how many are typed with alleles the table has.</summary>
    private int Encode(Profile profile, Span<ushort> codes, out bool unseen)
    {
        var typed = 0;
        unseen = false;
        for (var l = 0; l < Loci.Count; l++)
        {
            var locus = Loci[l];
            if (profile[locus.Locus] is not { } genotype)
            {
                codes[l] = Untyped;
                continue;
            }

            int a = locus.IndexOf(genotype.First), b = locus.IndexOf(genotype.Second);
            unseen |= a < 0 || b < 0;
            codes[l] = a < 0 || b < 0 ? Unseen : (ushort)(1 + GenotypeIndex.Of(a, b));
            typed += a < 0 || b < 0 ? 0 : 1;
        }

        return typed;
    }

    /// <summary>A block for both-parents cases: the father's codes then the mother's, with the carriers the trio sieve reads.</summary>
    public PackedBlock TrioBlock(int capacity = 1024)
    {
        var alleles = Loci.Select(l => l.Alleles.Count).ToArray();
        return new PackedBlock(2 * Loci.Count, capacity, [.. alleles, .. alleles]);
    }

    /// <summary>The profile a row of codes stands for: what the general path needs for a packed member.</summary>
    public Profile Decode(ReadOnlySpan<ushort> codes, Sex sex)
    {
        var loci = new Dictionary<string, Genotype>(StringComparer.Ordinal);
        for (var l = 0; l < Loci.Count; l++)
        {
            if (codes[l] != Untyped)
            {
                var (a, b) = GenotypeIndex.Alleles(codes[l] - 1);
                loci[Loci[l].Locus] = Genotype.Of(Loci[l].Alleles[a], Loci[l].Alleles[b]);
            }
        }

        return new Profile(sex, loci);
    }
}
