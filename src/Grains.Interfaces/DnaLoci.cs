using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Matching.Kinship;

namespace Matching.Grains;

/// <summary>
/// The loci of a <see cref="Dna"/> read as genotypes, without copying them: a bucket turns every person of a bulk
/// import into a profile, and a second dictionary per person was a sixth of what the import allocated.
/// </summary>
internal sealed class DnaLoci(Dictionary<string, string[]> loci) : IReadOnlyDictionary<string, Genotype>
{
    public Genotype this[string key] => TryGetValue(key, out var genotype) ? genotype : throw new KeyNotFoundException($"locus {key} is not typed");

    public IEnumerable<string> Keys => loci.Keys;

    public IEnumerable<Genotype> Values => loci.Values.Select(Of);

    public int Count => loci.Count;

    public bool ContainsKey(string key) => loci.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Genotype value)
    {
        var found = loci.TryGetValue(key, out var alleles);
        value = found ? Of(alleles!) : default;
        return found;
    }

    public IEnumerator<KeyValuePair<string, Genotype>> GetEnumerator() =>
        loci.Select(l => KeyValuePair.Create(l.Key, Of(l.Value))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Genotype Of(string[] alleles) => new(alleles[0], alleles[1]);
}
