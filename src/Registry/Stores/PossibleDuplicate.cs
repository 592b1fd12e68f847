namespace Matching.Registry.Stores;

/// <summary>A profile identical at <paramref name="SharedLoci"/> shared loci, and no other, to one registered before.</summary>
public sealed record PossibleDuplicate(string ProfileId, string DuplicateOf, int SharedLoci, DateTimeOffset FoundAt);
