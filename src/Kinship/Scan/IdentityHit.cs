namespace Matching.Kinship.Scan;

/// <summary>A member of a packed block identical to a profile wherever both are typed, and the loci they share.</summary>
public readonly record struct IdentityHit(int Member, int SharedLoci);
