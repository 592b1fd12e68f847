namespace Matching.Registry.Reviews;

/// <summary>What a transition came to.</summary>
public enum ReviewOutcome
{
    Applied,

    /// <summary>The pair was never a candidate: no stored match and no review.</summary>
    NoCandidate,

    /// <summary>The rules do not allow it, or it lacks what its state needs.</summary>
    Refused,

    /// <summary>The review moved since the version the caller read.</summary>
    Conflict,
}
