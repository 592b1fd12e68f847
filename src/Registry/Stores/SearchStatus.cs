namespace Matching.Registry.Stores;

/// <summary>A search as the registry records it: when it was owed, started, stored or parked, and its last error.</summary>
public sealed record SearchStatus(
    long Id,
    SearchKind Kind,
    string SubjectId,
    long? ResearchId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    int Attempts,
    int Failures,
    DateTimeOffset? CompletedAt,
    int? Candidates,
    DateTimeOffset? ParkedAt,
    string? LastError);
