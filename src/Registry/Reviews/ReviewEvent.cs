namespace Matching.Registry.Reviews;

/// <summary>One transition in a review's history: from which state to which, who, why, and the pair's LR at that moment.</summary>
public sealed record ReviewEvent(
    int Version,
    ReviewState From,
    ReviewState To,
    string Actor,
    string Reason,
    string? AssignedTo,
    IReadOnlyList<string> Relatives,
    string? LabReference,
    double? Lr,
    DateTimeOffset At);
