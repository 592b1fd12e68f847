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

    /// <summary>What the new state keeps of a checked change: its reviewer, its relatives, its lab reference (a reunion keeps the confirmation's).</summary>
    public static (string? AssignedTo, string[] Relatives, string? LabReference) Kept(Review? current, ReviewChange change) => (
        change.To == ReviewState.UnderReview ? change.AssignedTo!.Trim() : null,
        change.To == ReviewState.MoreRelativesRequested ? [.. change.Relatives!.Select(r => r.Trim())] : [],
        change.To is ReviewState.Confirmed ? change.LabReference!.Trim() : change.To is ReviewState.Reunited ? current?.LabReference : null);
}
