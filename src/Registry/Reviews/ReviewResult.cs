namespace Matching.Registry.Reviews;

/// <summary>A transition's outcome, the review after it (when applied) and the reason when refused.</summary>
public sealed record ReviewResult(ReviewOutcome Outcome, Review? Review, string? Problem);
