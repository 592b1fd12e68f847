namespace Matching.Registry.Stores;

/// <summary>An import as far as it has got: records read, their outcomes, and (the first of) its errors and warnings.</summary>
public sealed record ImportProgress(
    long Id, string Source, string RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    int Records, int Created, int Corrected, int Unchanged, int Rejected, IReadOnlyList<RecordError> Errors,
    int Warned, IReadOnlyList<string> Warnings);
