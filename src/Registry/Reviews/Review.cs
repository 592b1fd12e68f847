namespace Matching.Registry.Reviews;

/// <summary>
/// A candidate's review as it stands: its state and what that state carries, the version (one per transition),
/// who moved it last and why, and the LR the pair had then.
/// </summary>
public sealed record Review(
    string CaseId,
    string ProfileId,
    ReviewState State,
    string? AssignedTo,
    IReadOnlyList<string> Relatives,
    string? LabReference,
    string Reason,
    int Version,
    double? LrAtChange,
    string ChangedBy,
    DateTimeOffset ChangedAt);
