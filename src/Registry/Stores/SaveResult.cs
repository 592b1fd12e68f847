namespace Matching.Registry.Stores;

/// <summary>
/// A committed batch: what happened to each record (one outcome a record, in the batch's order), the searches it
/// owes, and the cases it created, as committed (every reference of a new case is in its batch, so the buckets need
/// not read them back).
/// </summary>
public sealed record SaveResult(IReadOnlyList<SavedProfile> Profiles, IReadOnlyList<SearchRequest> Searches, IReadOnlyList<StoredCase> NewCases);
