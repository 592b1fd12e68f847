namespace Matching.Registry.Reviews;

/// <summary>Where an office's review of one candidate (a case and a person) stands, from first hit to reunion.</summary>
public enum ReviewState
{
    Candidate,
    UnderReview,
    MoreRelativesRequested,
    Confirmed,
    Excluded,
    Reunited,
}
