using Matching.Registry.Access;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>
/// An office's inbox: how many candidates of its provinces stand in each review state, and its strongest stored
/// matches with what each means at the registry's size (the evidence) and where its review stands.
/// </summary>
public sealed class InboxService(IReviewStore reviews, IMatchStore matches, EvidenceService evidence)
{
    /// <summary>A state's count is exact up to this many; beyond it the page says "at least".</summary>
    public const int CountedUpTo = 1000;

    public async Task<OfficeInbox> ForAsync(Caller caller, int candidates, CancellationToken cancellationToken)
    {
        var counts = new List<StateCount>();
        foreach (var state in Enum.GetValues<ReviewState>())
        {
            var page = await reviews.PageAsync(new ReviewQuery(state, caller.ProvinceFilter, null, CountedUpTo), cancellationToken);
            counts.Add(new StateCount(ReviewStateNames.Name(state), page.Count, page.Count == CountedUpTo));
        }

        var strongest = await matches.PageAsync(new MatchQuery(null, null, 0, caller.ProvinceFilter, null, candidates), cancellationToken);
        var lines = await LinesAsync(strongest, cancellationToken);
        return new OfficeInbox(counts, lines);
    }

    /// <summary>Each match with its evidence and review state, in the order given.</summary>
    public async Task<List<CandidateLine>> LinesAsync(IReadOnlyList<RankedMatch> ranked, CancellationToken cancellationToken)
    {
        var states = await reviews.StatesAsync([.. ranked.Select(m => (m.CaseId, m.ProfileId))], cancellationToken);
        var strength = await evidence.ForAsync(ranked, cancellationToken);
        return [.. ranked.Select((m, i) => new CandidateLine(m.CaseId, m.ProfileId, m.Lr, m.Rank, strength[i]?.Posterior, strength[i]?.ExpectedUnrelatedAbove,
            ReviewStateNames.Name(states.GetValueOrDefault((m.CaseId, m.ProfileId), ReviewState.Candidate))))];
    }
}

/// <summary>What an office's home page shows.</summary>
public sealed record OfficeInbox(IReadOnlyList<StateCount> Counts, IReadOnlyList<CandidateLine> Candidates);

/// <summary>The candidates in one review state; <paramref name="AtLeast"/> where the count stopped at <see cref="InboxService.CountedUpTo"/>.</summary>
public sealed record StateCount(string State, int Count, bool AtLeast);

/// <summary>A stored match as the pages list it.</summary>
public sealed record CandidateLine(string CaseId, string ProfileId, double Lr, int Rank, double? Posterior, double? ExpectedUnrelatedAbove, string State);
