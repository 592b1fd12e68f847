namespace Matching.Registry.Reviews;

/// <summary>The review states as the API, the table and the command line spell them.</summary>
public static class ReviewStateNames
{
    public const string Candidate = "candidate";
    public const string UnderReview = "under-review";
    public const string MoreRelativesRequested = "more-relatives-requested";
    public const string Confirmed = "confirmed";
    public const string Excluded = "excluded";
    public const string Reunited = "reunited";

    public static IReadOnlyList<string> All { get; } = [Candidate, UnderReview, MoreRelativesRequested, Confirmed, Excluded, Reunited];

    public static string Name(ReviewState state) => state switch
    {
        ReviewState.Candidate => Candidate,
        ReviewState.UnderReview => UnderReview,
        ReviewState.MoreRelativesRequested => MoreRelativesRequested,
        ReviewState.Confirmed => Confirmed,
        ReviewState.Excluded => Excluded,
        ReviewState.Reunited => Reunited,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string? text, out ReviewState state)
    {
        (var found, state) = text switch
        {
            Candidate => (true, ReviewState.Candidate),
            UnderReview => (true, ReviewState.UnderReview),
            MoreRelativesRequested => (true, ReviewState.MoreRelativesRequested),
            Confirmed => (true, ReviewState.Confirmed),
            Excluded => (true, ReviewState.Excluded),
            Reunited => (true, ReviewState.Reunited),
            _ => (false, default),
        };
        return found;
    }
}
