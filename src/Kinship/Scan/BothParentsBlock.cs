namespace Matching.Kinship.Scan;

/// <summary>
/// Both-parents cases packed for the one-gather kernel: at each locus a case holds one ushort naming its
/// (father, mother) genotype pair among the pairs this block has seen at that locus. A query turns each pair seen
/// into its exact trio LR once (<see cref="TrioScanQuery.Against"/>), so a case costs one lookup per locus, as a
/// one-parent case does. A locus admits at most 65,536 distinct pairs; past that the block is full.
/// </summary>
public sealed class BothParentsBlock
{
    private readonly Dictionary<int, ushort>[] _index;
    private readonly List<int>[] _pairs;
    private readonly List<int>[] _counts;

    public BothParentsBlock(int loci, int capacity = 1024)
    {
        Codes = new PackedBlock(loci, capacity);
        _index = [.. Enumerable.Range(0, loci).Select(_ => new Dictionary<int, ushort>())];
        _pairs = [.. Enumerable.Range(0, loci).Select(_ => new List<int>())];
        _counts = [.. Enumerable.Range(0, loci).Select(_ => new List<int>())];
    }

    /// <summary>One column per locus: the case's pair code.</summary>
    public PackedBlock Codes { get; }

    public int Count => Codes.Count;

    /// <summary>Distinct (father, mother) pairs at a locus.</summary>
    public int PairCount(int locus) => _pairs[locus].Count;

    /// <summary>Father's and mother's genotype codes (ScanLayout codes, 0 = untyped) of a pair.</summary>
    internal (ushort Father, ushort Mother) Pair(int locus, int code) => ((ushort)(_pairs[locus][code] >> 16), (ushort)_pairs[locus][code]);

    /// <summary>How many cases of the block hold a pair: the weight of its LR in the expected log-LR of an unrelated person.</summary>
    internal int Holders(int locus, int code) => _counts[locus][code];

    /// <summary>Adds a case by its parents' layout codes; false (and nothing added) when a locus has no pair code left.</summary>
    public bool TryAdd(ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother)
    {
        Span<ushort> codes = stackalloc ushort[_index.Length];
        for (var l = 0; l < _index.Length; l++)
        {
            var key = (father[l] << 16) | mother[l];
            if (_index[l].TryGetValue(key, out var code))
            {
                codes[l] = code;
            }
            else if (_pairs[l].Count <= ushort.MaxValue)
            {
                codes[l] = (ushort)_pairs[l].Count;
            }
            else
            {
                return false;
            }
        }

        for (var l = 0; l < _index.Length; l++)
        {
            if (codes[l] == _pairs[l].Count)
            {
                _index[l][(father[l] << 16) | mother[l]] = codes[l];
                _pairs[l].Add((father[l] << 16) | mother[l]);
                _counts[l].Add(0);
            }

            _counts[l][codes[l]]++;
        }

        Codes.Add(codes);
        return true;
    }
}
