using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Matching.Kinship;

namespace Matching.Grains;

/// <summary>
/// The loci of a <see cref="Dna"/> read as genotypes, without copying them: a bucket turns every person of a bulk
/// import into a profile, and a second dictionary per person was a sixth of what the import allocated.
/// </summary>
internal sealed class DnaLoci(Dna dna) : IReadOnlyDictionary<string, Genotype>
{
    public Genotype this[string key] => TryGetValue(key, out var genotype) ? genotype : throw new KeyNotFoundException($"locus {key} is not typed");

    public IEnumerable<string> Keys => dna.Loci;

    public IEnumerable<Genotype> Values => Enumerable.Range(0, Count).Select(At);

    public int Count => dna.Loci.Length;

    public bool ContainsKey(string key) => dna.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Genotype value)
    {
        var i = dna.IndexOf(key);
        value = i >= 0 ? At(i) : default;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, Genotype>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return KeyValuePair.Create(dna.Loci[i], At(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Genotype At(int i) => new(dna.Alleles[2 * i], dna.Alleles[(2 * i) + 1]);
}
