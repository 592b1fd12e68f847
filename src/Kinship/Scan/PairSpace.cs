namespace Matching.Kinship.Scan;

/// <summary>
/// The (father, mother) genotype pairs seen at each locus, numbered: a both-parents case is packed as one pair code
/// per locus. Several blocks may share one space, so that a query builds each pair's trio LR once for all of them.
/// A locus admits at most 65,536 distinct pairs; past that the space is full and a new one is started.
/// </summary>
public sealed class PairSpace
{
    private readonly Dictionary<int, ushort>[] _index;
    private readonly List<int>[] _pairs;
    private readonly List<int>[] _counts;

    public PairSpace(int loci)
    {
        _index = [.. Enumerable.Range(0, loci).Select(_ => new Dictionary<int, ushort>())];
        _pairs = [.. Enumerable.Range(0, loci).Select(_ => new List<int>())];
        _counts = [.. Enumerable.Range(0, loci).Select(_ => new List<int>())];
    }

    public int Loci => _index.Length;

    /// <summary>Cases coded in this space.</summary>
    public int Cases { get; private set; }

    /// <summary>Distinct (father, mother) pairs at a locus.</summary>
    public int PairCount(int locus) => _pairs[locus].Count;

    /// <summary>Father's and mother's genotype codes (ScanLayout codes, 0 = untyped) of a pair.</summary>
    public (ushort Father, ushort Mother) Pair(int locus, int code) => ((ushort)(_pairs[locus][code] >> 16), (ushort)_pairs[locus][code]);

    /// <summary>How many cases hold a pair: the weight of its LR in the expected log-LR of an unrelated person.</summary>
    internal int Holders(int locus, int code) => _counts[locus][code];

    /// <summary>Writes a case's pair codes; false (and nothing recorded) when a locus has no pair code left.</summary>
    public bool TryCode(ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother, Span<ushort> codes)
    {
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

        Cases++;
        return true;
    }
}
