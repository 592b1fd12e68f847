namespace Matching.Registry.Reviews;

/// <summary>
/// Where reviews are kept: apart from the search results, keyed by (case, person), so that a re-search or a
/// correction never loses one. Every transition is added to the review's history.
/// </summary>
public interface IReviewStore
{
    Task<Review?> FindAsync(string caseId, string profileId, CancellationToken cancellationToken = default);

    /// <summary>The review's transitions, oldest first.</summary>
    Task<List<ReviewEvent>> HistoryAsync(string caseId, string profileId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> by <paramref name="actor"/> atomically: a pair with no review is a
    /// candidate when it has a stored match, and the rules of <see cref="ReviewRules"/> decide. An applied change
    /// writes <paramref name="audit"/> in its own transaction, so a decision is never kept without its audit row.
    /// </summary>
    Task<ReviewResult> ApplyAsync(string caseId, string profileId, ReviewChange change, string actor, Access.AuditEntry? audit = null,
        CancellationToken cancellationToken = default);

    Task<List<ReviewListing>> PageAsync(ReviewQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many pairs whose case or person is in <paramref name="provinces"/> (null: every province) stand in each
    /// review state, the unreviewed stored matches counted as candidates; a state with none is absent.
    /// </summary>
    Task<Dictionary<ReviewState, long>> CountsAsync(IReadOnlyList<string>? provinces, CancellationToken cancellationToken = default);

    /// <summary>The state of each pair that has a review; pairs absent here are candidates.</summary>
    Task<Dictionary<(string CaseId, string ProfileId), ReviewState>> StatesAsync(IReadOnlyCollection<(string CaseId, string ProfileId)> pairs,
        CancellationToken cancellationToken = default);
}
