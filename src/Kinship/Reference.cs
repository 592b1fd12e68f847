namespace Matching.Kinship;

/// <summary>A typed relative of the missing person, in the place its role gives it.</summary>
public sealed record Reference(Role Role, Profile Profile, string Label);
