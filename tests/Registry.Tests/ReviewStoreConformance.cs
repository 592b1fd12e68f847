using Matching.Registry.Reviews;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>One suite of review-store tests, run on PostgreSQL and on the in-memory registry of --in-memory.</summary>
public abstract class ReviewStoreConformance : IAsyncLifetime
{
    private readonly Families _people = new(31);

    protected IProfileStore Profiles { get; set; } = null!;

    protected IMatchStore Matches { get; set; } = null!;

    protected ISearchStore Searches { get; set; } = null!;

    protected IReviewStore Reviews { get; set; } = null!;

    protected Access.IAuditLog Audit { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A Sichuan case C-1 with persons P-1 (Sichuan) and P-2 (Henan) as its candidates, at LR 5,000 and 2,000.</summary>
    private async Task CandidatesAsync()
    {
        var lines = string.Join('\n', Families.Reference("R-1", "C-1", "father", 'M', _people.Person(), "Sichuan"),
            Families.Unknown("P-1", 'M', _people.Person(), "Sichuan"), Families.Unknown("P-2", 'F', _people.Person(), "Henan"));
        await Profiles.SaveAsync([.. (await new RegistrationReader(Families.Table).ReadAsync(new StringReader(lines), "test")).Records]);
        var search = (await Searches.RequestAsync(SearchKind.Case, ["C-1"])).Single();
        await Matches.CompleteAsync(search, [new("P-1", "C-1", 5e3), new("P-2", "C-1", 2e3)], null);
    }

    [Fact]
    public async Task A_transition_follows_the_rules_keeps_its_history_and_checks_the_version()
    {
        await CandidatesAsync();
        Assert.Equal(ReviewOutcome.NoCandidate, (await Reviews.ApplyAsync("C-1", "R-1", new(ReviewState.Excluded, "not a person"), "a")).Outcome);
        Assert.Equal(ReviewOutcome.Refused, (await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Reunited, "hurry"), "a")).Outcome);

        var taken = await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.UnderReview, "strong", AssignedTo: "Li"), "a");
        Assert.Equal((ReviewOutcome.Applied, ReviewState.UnderReview, 1, "Li", 5e3), (taken.Outcome, taken.Review!.State, taken.Review.Version,
            taken.Review.AssignedTo, taken.Review.LrAtChange));
        Assert.Equal(ReviewOutcome.Conflict, (await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Excluded, "x", ExpectedVersion: 0), "b")).Outcome);
        var confirmed = await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Confirmed, "test agrees", LabReference: "LAB-7", ExpectedVersion: 1), "b");
        Assert.Equal(ReviewOutcome.Applied, confirmed.Outcome);
        var reunited = await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Reunited, "home"), "c");
        Assert.Equal(("LAB-7", 3, "c"), (reunited.Review!.LabReference, reunited.Review.Version, reunited.Review.ChangedBy));

        var history = await Reviews.HistoryAsync("C-1", "P-1");
        Assert.Equal([(ReviewState.Candidate, ReviewState.UnderReview, "a"), (ReviewState.UnderReview, ReviewState.Confirmed, "b"),
            (ReviewState.Confirmed, ReviewState.Reunited, "c")], history.Select(e => (e.From, e.To, e.Actor)));
        Assert.Equal([1, 2, 3], history.Select(e => e.Version));
    }

    [Fact]
    public async Task An_applied_transition_writes_its_audit_row_and_a_refused_one_writes_none()
    {
        await CandidatesAsync();
        Access.AuditEntry Row(string reason) => new("key 7", "provincial-office", "Chengdu", "Sichuan", "127.0.0.1", reason, "review", ["C-1", "P-1"], 1, 200);
        await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Reunited, "too soon"), "key 7", Row("refused"));
        await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.Excluded, "wrong age"), "key 7", Row("applied"));

        var rows = await Audit.ListAsync(new Access.AuditQuery(null, "key 7", null, null, 0, 10));
        Assert.Equal(["applied"], rows.Select(r => r.Entry.RequestId));
    }

    [Fact]
    public async Task A_page_lists_reviews_and_unreviewed_matches_within_provinces_and_states()
    {
        await CandidatesAsync();
        await Reviews.ApplyAsync("C-1", "P-2", new(ReviewState.Excluded, "wrong age"), "a");

        var all = await Reviews.PageAsync(new ReviewQuery(null, null, null, 10));
        Assert.Equal([("P-1", ReviewState.Candidate, 0, 5e3), ("P-2", ReviewState.Excluded, 1, 2e3)],
            all.Select(r => (r.Review.ProfileId, r.Review.State, r.Review.Version, r.LrNow!.Value)));
        Assert.Equal(["P-2"], (await Reviews.PageAsync(new ReviewQuery(ReviewState.Excluded, null, null, 10))).Select(r => r.Review.ProfileId));
        Assert.Equal(["P-1"], (await Reviews.PageAsync(new ReviewQuery(ReviewState.Candidate, null, null, 10))).Select(r => r.Review.ProfileId));
        // Henan sees the pair of its person; the Sichuan case makes both Sichuan's.
        Assert.Equal(["P-2"], (await Reviews.PageAsync(new ReviewQuery(null, ["Henan"], null, 10))).Select(r => r.Review.ProfileId));
        Assert.Equal(2, (await Reviews.PageAsync(new ReviewQuery(null, ["Sichuan"], null, 10))).Count);
        Assert.Empty(await Reviews.PageAsync(new ReviewQuery(null, ["Yunnan"], null, 10)));
        Assert.Equal(["P-2"], (await Reviews.PageAsync(new ReviewQuery(null, null, ("C-1", "P-1"), 10))).Select(r => r.Review.ProfileId));

        var states = await Reviews.StatesAsync([("C-1", "P-1"), ("C-1", "P-2")]);
        Assert.Equal([(("C-1", "P-2"), ReviewState.Excluded)], states.Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public async Task Counts_by_state_take_unreviewed_matches_as_candidates_within_provinces()
    {
        await CandidatesAsync();
        await Reviews.ApplyAsync("C-1", "P-2", new(ReviewState.Excluded, "wrong age"), "a");

        static List<(ReviewState, long)> Sorted(Dictionary<ReviewState, long> counts) => [.. counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value))];
        Assert.Equal([(ReviewState.Candidate, 1L), (ReviewState.Excluded, 1L)], Sorted(await Reviews.CountsAsync(null)));
        Assert.Equal([(ReviewState.Candidate, 1L), (ReviewState.Excluded, 1L)], Sorted(await Reviews.CountsAsync(["Sichuan"])));
        Assert.Equal([(ReviewState.Excluded, 1L)], Sorted(await Reviews.CountsAsync(["Henan"])));
        Assert.Empty(await Reviews.CountsAsync(["Yunnan"]));

        Assert.Equal(ReviewOutcome.Applied, (await Reviews.ApplyAsync("C-1", "P-1", new(ReviewState.UnderReview, "strong", AssignedTo: "Li"), "a")).Outcome);
        Assert.Equal([(ReviewState.UnderReview, 1L), (ReviewState.Excluded, 1L)], Sorted(await Reviews.CountsAsync(null)));
    }
}
