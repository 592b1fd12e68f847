namespace Matching.Registry.Stores;

public sealed record RegistryStats(long FamilyReferences, long UnknownParentage, long Cases, long Matches, long PendingSearches, long ParkedSearches);
