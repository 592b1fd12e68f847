using Matching.Kinship;

namespace Matching.Grains;

/// <summary>
/// A profile's DNA on the wire between grains: sex and, per typed locus, its two alleles. Never changed once built,
/// so grains of one silo pass it by reference instead of copying it.
/// </summary>
[GenerateSerializer, Immutable, Alias("matching.dna")]
public sealed record Dna(char Sex, Dictionary<string, string[]> Loci)
{
    public static Dna Of(Profile profile) =>
        new(profile.Sex == Kinship.Sex.Male ? 'M' : 'F',
            profile.Loci.ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }, StringComparer.Ordinal));

    public Profile ToProfile() => new(Sex == 'M' ? Kinship.Sex.Male : Kinship.Sex.Female, new DnaLoci(Loci));
}
