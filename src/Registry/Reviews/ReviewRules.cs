namespace Matching.Registry.Reviews;

/// <summary>
/// Which transitions a review may take, and what each state needs. A candidate is taken up, set aside or excluded;
/// a reviewer asks for more relatives, confirms with the confirmatory test's lab reference, or excludes with a
/// reason; only a confirmed pair can be reunited, and a reunion is final. An excluded pair can be reopened, since a
/// new relative's DNA may change the evidence.
/// </summary>
public static class ReviewRules
{
    private static readonly Dictionary<ReviewState, ReviewState[]> Next = new()
    {
        [ReviewState.Candidate] = [ReviewState.UnderReview, ReviewState.MoreRelativesRequested, ReviewState.Excluded],
        [ReviewState.UnderReview] = [ReviewState.Candidate, ReviewState.MoreRelativesRequested, ReviewState.Confirmed, ReviewState.Excluded],
        [ReviewState.MoreRelativesRequested] = [ReviewState.UnderReview, ReviewState.Excluded],
        [ReviewState.Confirmed] = [ReviewState.Reunited, ReviewState.Excluded],
        [ReviewState.Excluded] = [ReviewState.UnderReview],
        [ReviewState.Reunited] = [],
    };

    /// <summary>The longest reason, reference or name a review keeps.</summary>
    public const int MostText = 2000;

    public static bool Allows(ReviewState from, ReviewState to) => Next[from].Contains(to);

    public static IReadOnlyList<ReviewState> From(ReviewState state) => Next[state];

    /// <summary>Why <paramref name="change"/> cannot be applied to a review in <paramref name="from"/>, naming the field; null when it can.</summary>
    public static string? Problem(ReviewState from, ReviewChange change)
    {
        if (!Allows(from, change.To))
        {
            var allowed = Next[from].Length == 0 ? "none: it is final" : string.Join(", ", Next[from].Select(ReviewStateNames.Name));
            return $"state: a review that is {ReviewStateNames.Name(from)} cannot become {ReviewStateNames.Name(change.To)} (it may become {allowed})";
        }

        if (string.IsNullOrWhiteSpace(change.Reason))
        {
            return "reason: every transition says why";
        }

        if (new[] { change.Reason, change.AssignedTo, change.LabReference }.Concat(change.Relatives ?? []).Any(t => t?.Length > MostText))
        {
            return $"reason: texts of a review are at most {MostText} characters";
        }

        return change.To switch
        {
            ReviewState.UnderReview when string.IsNullOrWhiteSpace(change.AssignedTo) => "assignedTo: a review under way is assigned to a reviewer",
            ReviewState.MoreRelativesRequested when change.Relatives is not { Count: > 0 } || change.Relatives.Any(string.IsNullOrWhiteSpace) =>
                "relatives: name the relatives asked for (\"mother\", \"full-sibling\")",
            ReviewState.Confirmed when string.IsNullOrWhiteSpace(change.LabReference) => "labReference: a confirmation names the confirmatory test's lab reference",
            _ => null,
        };
    }
}
