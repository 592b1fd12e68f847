namespace Matching.Grains.Benchmarking;

/// <summary>
/// Parents-only cases already in the silo's scan layout codes, for loading a bucket in bulk: row i of
/// <see cref="Fathers"/> and <see cref="Mothers"/> (one ushort per layout locus) are case i's parents; a parent the
/// case lacks is a row of nulls with its <see cref="HasFather"/> or <see cref="HasMother"/> flag off.
/// </summary>
[GenerateSerializer, Alias("matching.packed-cases")]
public sealed record PackedCases(string[] Ids, bool[] HasFather, bool[] HasMother, ushort[] Fathers, ushort[] Mothers);
