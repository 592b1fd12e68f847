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
    public async Task<OfficeInbox> ForAsync(Caller caller, int candidates, CancellationToken cancellationToken)
    {
        var byState = await reviews.CountsAsync(caller.ProvinceFilter, cancellationToken);
        var counts = Enum.GetValues<ReviewState>().Select(state => new StateCount(ReviewStateNames.Name(state), byState.GetValueOrDefault(state))).ToList();

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
            ReviewStateNames.Name(states.GetValueOrDefault((m.CaseId, m.ProfileId), ReviewState.Candidate)), m.FirstFoundAt))];
    }
}

/// <summary>What an office's home page shows.</summary>
public sealed record OfficeInbox(IReadOnlyList<StateCount> Counts, IReadOnlyList<CandidateLine> Candidates);

/// <summary>How many pairs stand in one review state.</summary>
public sealed record StateCount(string State, long Count);

/// <summary>A stored match as the pages list it, with when a search first found the pair.</summary>
public sealed record CandidateLine(string CaseId, string ProfileId, double Lr, int Rank, double? Posterior, double? ExpectedUnrelatedAbove, string State,
    DateTimeOffset? FirstFoundAt);
