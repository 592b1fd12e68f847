using Matching.Kinship;

namespace Matching.Grains.Benchmarking;

/// <summary>
/// Persons already in the silo's scan layout codes, for loading a bucket in bulk: row i of <see cref="Codes"/>
/// (one ushort per layout locus) is person i, of sex <see cref="Sexes"/>[i].
/// </summary>
[GenerateSerializer, Alias("matching.packed-persons")]
public sealed record PackedPersons(string[] Ids, Sex[] Sexes, ushort[] Codes);
