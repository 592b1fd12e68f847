using Matching.Registry;
using Matching.Registry.Access;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>The review of candidates: which pairs a caller may review and read, and the transitions, by the rules of <see cref="ReviewRules"/>.</summary>
public sealed class ReviewService(IProfileStore profiles, IReviewStore reviews, IMatchStore matches)
{
    /// <summary>The pair and its sides' provinces; the person side only when it is a person of unknown parentage.</summary>
    public async Task<CandidatePair> PairAsync(string caseId, string profileId, CancellationToken cancellationToken)
    {
        var person = await profiles.FindAsync(profileId, cancellationToken);
        var personProvince = person?.Record.Category == ProfileCategory.UnknownParentage ? person.Record.Province : null;
        return new CandidatePair(caseId, profileId, await profiles.CaseProvinceAsync(caseId, cancellationToken), personProvince);
    }

    /// <summary>A transition by <paramref name="caller"/>; when applied, <paramref name="audit"/> is written with it, in one transaction.</summary>
    /// <summary>A transition by <paramref name="caller"/>; one who takes a candidate up without naming another takes it themselves.</summary>
    public async Task<ReviewResult> TransitionAsync(Caller caller, CandidatePair pair, ReviewChange change, AuditEntry? audit, CancellationToken cancellationToken)
    {
        if (change.To == ReviewState.UnderReview && string.IsNullOrWhiteSpace(change.AssignedTo))
        {
            change = change with { AssignedTo = caller.Subject };
        }

        return await reviews.ApplyAsync(pair.CaseId, pair.ProfileId, change, caller.Subject, audit, cancellationToken);
    }

    /// <summary>The review of a pair as it stands (an unreviewed match is a candidate), with its LR now; null when the pair was never a candidate.</summary>
    public async Task<(ReviewView View, List<ReviewEvent> History)?> CurrentAsync(CandidatePair pair, CancellationToken cancellationToken)
    {
        var lr = (await matches.ListAsync(pair.ProfileId, pair.CaseId, 0, cancellationToken)).FirstOrDefault()?.Lr;
        var review = await reviews.FindAsync(pair.CaseId, pair.ProfileId, cancellationToken);
        if (review is null && lr is null)
        {
            return null;
        }

        var view = review is null ? ReviewView.Unreviewed(pair.CaseId, pair.ProfileId, lr) : ReviewView.Of(review, lr);
        return (view, review is null ? [] : await reviews.HistoryAsync(pair.CaseId, pair.ProfileId, cancellationToken));
    }
}
