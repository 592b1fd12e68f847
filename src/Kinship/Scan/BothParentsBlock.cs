namespace Matching.Kinship.Scan;

/// <summary>
/// Both-parents cases packed for the one-gather kernel: at each locus a case holds one ushort naming its
/// (father, mother) genotype pair in a <see cref="PairSpace"/>. A query turns each pair of the space into its exact
/// trio LR once (<see cref="TrioScanQuery.Against(PairSpace)"/>), so a case costs one lookup per locus, as a
/// one-parent case does.
/// </summary>
public sealed class BothParentsBlock(PairSpace pairs, int capacity = 1024)
{
    public BothParentsBlock(int loci, int capacity = 1024)
        : this(new PairSpace(loci), capacity)
    {
    }

    public PairSpace Pairs { get; } = pairs;

    /// <summary>One column per locus: the case's pair code.</summary>
    public PackedBlock Codes { get; } = new(pairs.Loci, capacity);

    public int Count => Codes.Count;

    /// <summary>Distinct (father, mother) pairs at a locus.</summary>
    public int PairCount(int locus) => Pairs.PairCount(locus);

    /// <summary>Adds a case by its parents' layout codes; false (and nothing added) when a locus of the space is full.</summary>
    public bool TryAdd(ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother)
    {
        Span<ushort> codes = stackalloc ushort[Pairs.Loci];
        if (!Pairs.TryCode(father, mother, codes))
        {
            return false;
        }

        Codes.Add(codes);
        return true;
    }
}
