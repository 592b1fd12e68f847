namespace Matching.Grains;

/// <summary>One typed relative of a case: its profile id, its role (the contract's spelling) and its DNA.</summary>
[GenerateSerializer, Alias("matching.case-reference")]
public sealed record CaseReferenceDna(string ProfileId, string Role, Dna Dna);
