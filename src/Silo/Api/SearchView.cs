namespace Matching.Silo.Api;

/// <summary>A search as GET /api/searches/{id} shows it: its subject, where it has got, and why it is parked if it is.</summary>
public sealed record SearchView(
    long Id,
    string Kind,
    string SubjectId,
    long? ResearchId,
    bool Completed,
    bool Parked,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ParkedAt,
    int Attempts,
    int Failures,
    int? Candidates,
    string? LastError,
    int? BucketsAsked,
    int? BucketsAnswered);
