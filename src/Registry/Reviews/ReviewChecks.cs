namespace Matching.Registry.Reviews;

/// <summary>The checks every store makes before a transition, in one place.</summary>
internal static class ReviewChecks
{
    public static (ReviewOutcome Outcome, string? Problem) Check(Review? current, bool matched, ReviewChange change)
    {
        if (current is null && !matched)
        {
            return (ReviewOutcome.NoCandidate, null);
        }

        if (change.ExpectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return (ReviewOutcome.Conflict, $"version: the review is at version {current?.Version ?? 0}, not {expected}; read it again");
        }

        return ReviewRules.Problem(current?.State ?? ReviewState.Candidate, change) is { } problem ? (ReviewOutcome.Refused, problem) : (ReviewOutcome.Applied, null);
    }
}
