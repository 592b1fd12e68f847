using Matching.Kinship;

namespace Matching.Grains;

/// <summary>
/// A profile's DNA on the wire between grains: sex and its typed loci in ordinal order of name, with their two
/// alleles at [2i] and [2i + 1]. Two arrays, not a dictionary with an array per locus: a bulk import sends every
/// person to its bucket, and that shape was a sixth of what the import allocated. Never changed once built, so grains
/// of one silo pass it by reference instead of copying it.
/// </summary>
[GenerateSerializer, Immutable, Alias("matching.dna")]
public sealed record Dna(Sex Sex, string[] Loci, string[] Alleles)
{
    public static Dna Of(Profile profile)
    {
        KeyValuePair<string, Genotype>[] loci = [.. profile.Loci];
        Array.Sort(loci, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return OfSorted(profile.Sex, loci);
    }

    /// <summary>From loci already in ordinal order of name (a registered record keeps them so).</summary>
    public static Dna OfSorted(Sex sex, IReadOnlyList<KeyValuePair<string, Genotype>> loci)
    {
        var (names, alleles) = (new string[loci.Count], new string[2 * loci.Count]);
        for (var i = 0; i < names.Length; i++)
        {
            (names[i], alleles[2 * i], alleles[(2 * i) + 1]) = (loci[i].Key, loci[i].Value.First, loci[i].Value.Second);
        }

        return new(sex, names, alleles);
    }

    public Profile ToProfile() => new(Sex, new DnaLoci(this));

    /// <summary>Where <paramref name="locus"/> is in <see cref="Loci"/>, or a negative number when it is not typed.</summary>
    public int IndexOf(string locus) => Array.BinarySearch(Loci, locus, StringComparer.Ordinal);

    /// <summary>Locus name to its two alleles, as the registry's API shows a profile.</summary>
    public Dictionary<string, string[]> ByLocus() =>
        Loci.Select((locus, i) => (locus, i)).ToDictionary(l => l.locus, l => new[] { Alleles[2 * l.i], Alleles[(2 * l.i) + 1] }, StringComparer.Ordinal);
}
