namespace Matching.Registry.Stores;

/// <summary>
/// An import as far as it has got: records read, their outcomes, (the first of) its errors and warnings, and the
/// searches it owes (how many, the first and last of their ids).
/// </summary>
public sealed record ImportProgress(
    long Id, string Source, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int Records, int Created, int Corrected, int Unchanged, int Rejected, IReadOnlyList<RecordError> Errors,
    int Warned, IReadOnlyList<string> Warnings, long SearchesOwed = 0, long? FirstSearch = null, long? LastSearch = null);
