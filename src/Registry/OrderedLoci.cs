using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// A profile's loci in ordinal order of name, read as a dictionary by binary search: the order the content hash,
/// the stored JSON and the buckets take them in, kept once instead of beside a hash table built for every record.
/// </summary>
public sealed class OrderedLoci : IReadOnlyDictionary<string, Genotype>
{
    private readonly KeyValuePair<string, Genotype>[] _loci;

    /// <summary>Takes <paramref name="loci"/> (distinct names) and puts them in order in place.</summary>
    public OrderedLoci(KeyValuePair<string, Genotype>[] loci)
    {
        // Insertion sort: a profile has a few tens of loci, and a comparison delegate per step cost more than the
        // comparisons. Canonical names (every locus of a record) compare by their rank, not character by character.
        Span<int> ranks = loci.Length <= 128 ? stackalloc int[loci.Length] : new int[loci.Length];
        for (var i = 0; i < loci.Length; i++)
        {
            if ((ranks[i] = LocusName.OrdinalRank(loci[i].Key)) < 0)
            {
                SortByName(loci);
                _loci = loci;
                return;
            }
        }

        for (var i = 1; i < loci.Length; i++)
        {
            var (item, rank, j) = (loci[i], ranks[i], i - 1);
            for (; j >= 0 && ranks[j] > rank; j--)
            {
                (loci[j + 1], ranks[j + 1]) = (loci[j], ranks[j]);
            }

            (loci[j + 1], ranks[j + 1]) = (item, rank);
        }

        _loci = loci;
    }

    private static void SortByName(KeyValuePair<string, Genotype>[] loci)
    {
        for (var i = 1; i < loci.Length; i++)
        {
            var (item, j) = (loci[i], i - 1);
            for (; j >= 0 && string.CompareOrdinal(loci[j].Key, item.Key) > 0; j--)
            {
                loci[j + 1] = loci[j];
            }

            loci[j + 1] = item;
        }
    }

    /// <summary>The loci in order; not to be changed.</summary>
    public KeyValuePair<string, Genotype>[] Items => _loci;

    public Genotype this[string key] => TryGetValue(key, out var genotype) ? genotype : throw new KeyNotFoundException($"locus {key} is not typed");

    public IEnumerable<string> Keys => _loci.Select(l => l.Key);

    public IEnumerable<Genotype> Values => _loci.Select(l => l.Value);

    public int Count => _loci.Length;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Genotype value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _loci[i].Value : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, Genotype>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, Genotype>>)_loci).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        var (low, high) = (0, _loci.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(_loci[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }
}
