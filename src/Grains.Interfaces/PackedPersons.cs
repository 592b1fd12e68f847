namespace Matching.Grains;

/// <summary>
/// Persons already in the silo's scan layout codes, for loading a bucket in bulk: row i of <see cref="Codes"/>
/// (one ushort per layout locus) is person i; sex 'M' or 'F'.
/// </summary>
[GenerateSerializer, Alias("matching.packed-persons")]
public sealed record PackedPersons(string[] Ids, char[] Sexes, ushort[] Codes);
