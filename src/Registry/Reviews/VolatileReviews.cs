using Matching.Registry.Stores;

namespace Matching.Registry.Reviews;

/// <summary>Reviews of --in-memory: kept in this process beside the in-memory registry whose matches they review.</summary>
public sealed class VolatileReviews(VolatileRegistry registry, Access.IAuditLog auditLog) : IReviewStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), (Review Review, List<ReviewEvent> History)> _reviews = [];

    public Task<Review?> FindAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_reviews.TryGetValue((caseId, profileId), out var kept) ? kept.Review : null);
        }
    }

    public Task<List<ReviewEvent>> HistoryAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_reviews.TryGetValue((caseId, profileId), out var kept) ? kept.History.ToList() : []);
        }
    }

    public async Task<ReviewResult> ApplyAsync(string caseId, string profileId, ReviewChange change, string actor, Access.AuditEntry? audit = null,
        CancellationToken cancellationToken = default)
    {
        var lr = (await registry.ListAsync(profileId, caseId, 0, cancellationToken)).FirstOrDefault()?.Lr;
        lock (_lock)
        {
            var current = _reviews.TryGetValue((caseId, profileId), out var kept) ? kept.Review : null;
            var (outcome, problem) = ReviewChecks.Check(current, lr is not null, change);
            if (outcome != ReviewOutcome.Applied)
            {
                return new ReviewResult(outcome, current, problem);
            }

            var now = DateTimeOffset.UtcNow;
            var (assigned, relatives, labReference) = ReviewChecks.Kept(current, change);
            var review = new Review(caseId, profileId, change.To, assigned, relatives, labReference, change.Reason.Trim(), (current?.Version ?? 0) + 1, lr, actor, now);
            var history = kept.History ?? [];
            history.Add(new ReviewEvent(review.Version, current?.State ?? ReviewState.Candidate, change.To, actor, review.Reason, assigned, relatives, labReference, lr, now));
            _reviews[(caseId, profileId)] = (review, history);
        }

        if (audit is not null)
        {
            // In memory there is no transaction to share: the row follows the change at once.
            await auditLog.AppendAsync(audit, cancellationToken);
        }

        return new ReviewResult(ReviewOutcome.Applied, (await FindAsync(caseId, profileId, cancellationToken))!, null);
    }

    public async Task<List<ReviewListing>> PageAsync(ReviewQuery query, CancellationToken cancellationToken = default)
    {
        var matches = (await registry.ListAsync(null, null, 0, cancellationToken)).ToDictionary(m => (m.CaseId, m.ProfileId), m => m.Lr);
        List<Review> reviews;
        lock (_lock)
        {
            reviews = [.. _reviews.Values.Select(r => r.Review)];
        }

        var reviewed = reviews.Select(r => (r.CaseId, r.ProfileId)).ToHashSet();
        var unreviewed = matches.Keys.Where(k => !reviewed.Contains(k))
            .Select(k => new Review(k.CaseId, k.ProfileId, ReviewState.Candidate, null, [], null, "", 0, null, "", DateTimeOffset.UtcNow));
        var all = reviews.Concat(unreviewed).Where(r => query.State is not { } state || r.State == state)
            .Where(r => query.After is not { } after || string.CompareOrdinal(r.CaseId, after.CaseId) > 0
                || (r.CaseId == after.CaseId && string.CompareOrdinal(r.ProfileId, after.ProfileId) > 0))
            .OrderBy(r => r.CaseId, StringComparer.Ordinal).ThenBy(r => r.ProfileId, StringComparer.Ordinal).ToList();
        if (query.Provinces is { } provinces)
        {
            var (profiles, cases) = await registry.ProvincesAsync([.. all.Select(r => r.ProfileId)], [.. all.Select(r => r.CaseId)], cancellationToken);
            all = [.. all.Where(r => (cases.TryGetValue(r.CaseId, out var c) && provinces.Contains(c))
                || (profiles.TryGetValue(r.ProfileId, out var p) && provinces.Contains(p)))];
        }

        return [.. all.Take(query.Limit).Select(r => new ReviewListing(r, matches.TryGetValue((r.CaseId, r.ProfileId), out var lr) ? lr : null))];
    }

    public async Task<Dictionary<ReviewState, long>> CountsAsync(IReadOnlyList<string>? provinces, CancellationToken cancellationToken = default) =>
        (await PageAsync(new ReviewQuery(null, provinces, null, int.MaxValue), cancellationToken))
            .GroupBy(l => l.Review.State).ToDictionary(g => g.Key, g => g.LongCount());

    public Task<Dictionary<(string CaseId, string ProfileId), ReviewState>> StatesAsync(IReadOnlyCollection<(string CaseId, string ProfileId)> pairs,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(pairs.Distinct().Where(_reviews.ContainsKey).ToDictionary(p => p, p => _reviews[p].Review.State));
        }
    }
}
