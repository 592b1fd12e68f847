using Matching.Registry.Reviews;

namespace Matching.Silo.Services;

/// <summary>A review as the API shows it, with the pair's LR when it last moved and now (null when no search lists it now).</summary>
public sealed record ReviewView(string CaseId, string ProfileId, string State, string? AssignedTo, IReadOnlyList<string> Relatives, string? LabReference,
    string Reason, int Version, double? LrAtChange, double? LrNow, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static ReviewView Of(Review review, double? lrNow) => new(review.CaseId, review.ProfileId, ReviewStateNames.Name(review.State), review.AssignedTo,
        review.Relatives, review.LabReference, review.Reason, review.Version, review.LrAtChange, lrNow, review.ChangedBy, review.ChangedAt);

    /// <summary>A stored match nobody has reviewed yet.</summary>
    public static ReviewView Unreviewed(string caseId, string profileId, double? lrNow) =>
        new(caseId, profileId, ReviewStateNames.Candidate, null, [], null, "", 0, null, lrNow, "", DateTimeOffset.MinValue);
}

/// <summary>One transition of a review's history.</summary>
public sealed record ReviewEventView(int Version, string From, string To, string Actor, string Reason, string? AssignedTo, IReadOnlyList<string> Relatives,
    string? LabReference, double? Lr, DateTimeOffset At)
{
    public static ReviewEventView Of(ReviewEvent e) => new(e.Version, ReviewStateNames.Name(e.From), ReviewStateNames.Name(e.To), e.Actor, e.Reason, e.AssignedTo,
        e.Relatives, e.LabReference, e.Lr, e.At);
}
