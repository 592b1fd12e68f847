namespace Matching.Registry.Stores;

/// <summary>A committed batch: what happened to each record, and the searches it owes.</summary>
public sealed record SaveResult(IReadOnlyList<SavedProfile> Profiles, IReadOnlyList<SearchRequest> Searches);
