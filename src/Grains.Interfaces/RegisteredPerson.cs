namespace Matching.Grains;

/// <summary>A person of unknown parentage as just committed, for its bucket.</summary>
[GenerateSerializer, Alias("matching.registered-person")]
public sealed record RegisteredPerson(string ProfileId, int Version, Dna Dna);
