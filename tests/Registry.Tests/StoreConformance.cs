using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>
/// One suite of store tests run against every implementation of the registry's stores (PostgreSQL, and the
/// in-memory registry of --in-memory), as Orleans' persistence TestKit runs one suite against every provider, so
/// that the two cannot drift apart.
/// </summary>
public abstract class StoreConformance : IAsyncLifetime
{
    private readonly Families _people = new(11);

    protected IProfileStore Profiles { get; set; } = null!;

    protected IMatchStore Matches { get; set; } = null!;

    protected ISearchStore Searches { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>The records of <paramref name="lines"/>, each sent by "tester" with a reason should it correct a profile.</summary>
    private static async Task<List<ProfileRecord>> Records(params string[] lines) =>
        [.. (await Unexplained(lines)).Select(r => r with { SubmittedBy = "tester", CorrectionReason = "retyped" })];

    private static async Task<List<ProfileRecord>> Unexplained(params string[] lines) =>
        [.. (await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "test")).Records];

    [Fact]
    public async Task A_change_without_a_reason_is_refused_and_the_profile_kept_as_it_was()
    {
        var person = _people.Person();
        await Profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        var unchanged = await Profiles.SaveAsync(await Unexplained(Families.Unknown("P-1", 'F', person)));
        person["TH01"] = Kinship.Genotype.Of("6", "9.3");
        var refused = await Profiles.SaveAsync(await Unexplained(Families.Unknown("P-1", 'F', person)));

        Assert.Equal(RegistrationOutcome.Unchanged, Assert.Single(unchanged.Profiles).Outcome);
        var outcome = Assert.Single(refused.Profiles);
        Assert.Equal((RegistrationOutcome.Rejected, "correctionReason"), (outcome.Outcome, outcome.Field));
        Assert.Empty(refused.Searches);
        Assert.Equal(1, (await Profiles.FindAsync("P-1"))!.Version);
    }

    private async Task<SearchRequest> Owe(SearchKind kind, string subject) => (await Searches.RequestAsync(kind, [subject])).Single();

    [Fact]
    public async Task The_same_content_is_a_no_op_and_a_change_is_a_correction()
    {
        var person = _people.Person();
        var first = await Profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        var again = await Profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        person["TH01"] = Kinship.Genotype.Of("6", "9.3");
        var corrected = await Profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));

        Assert.Equal(RegistrationOutcome.Created, Assert.Single(first.Profiles).Outcome);
        Assert.Equal(RegistrationOutcome.Unchanged, Assert.Single(again.Profiles).Outcome);
        Assert.Empty(again.Searches);
        Assert.Equal(RegistrationOutcome.Corrected, Assert.Single(corrected.Profiles).Outcome);
        Assert.Equal(SearchKind.Person, Assert.Single(corrected.Searches).Kind);

        var stored = await Profiles.FindAsync("P-1");
        Assert.Equal(2, stored!.Version);
        var replaced = Assert.Single(await Profiles.HistoryAsync("P-1"));
        Assert.Equal((1, "tester", "retyped"), (replaced.Version, replaced.CorrectedBy, replaced.CorrectionReason));
        Assert.NotEqual(Kinship.Genotype.Of("6", "9.3"), replaced.Record.Loci["TH01"]);
        Assert.Equal(Kinship.Genotype.Of("6", "9.3"), stored.Record.Loci["TH01"]);
    }

    [Fact]
    public async Task A_second_father_is_rejected_and_one_case_search_is_owed_per_batch()
    {
        var saved = await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Reference("R-2", "C-1", "full-sibling", 'F', _people.Person())));
        var later = await Profiles.SaveAsync(await Records(Families.Reference("R-3", "C-1", "father", 'M', _people.Person())));

        Assert.Equal([("case", "C-1")], saved.Searches.Select(s => (SearchRequest.KindName(s.Kind), s.SubjectId)));
        var rejected = Assert.Single(later.Profiles);
        Assert.Equal(RegistrationOutcome.Rejected, rejected.Outcome);
        Assert.Contains("already has a father (profile R-1)", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(later.Searches);
    }

    [Fact]
    public async Task A_cases_revision_rises_with_each_commit_that_changes_its_references_and_only_then()
    {
        var mother = _people.Person();
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Reference("R-2", "C-1", "mother", 'F', mother)));
        await Profiles.SaveAsync(await Records(Families.Reference("R-3", "C-1", "full-sibling", 'F', _people.Person())));
        await Profiles.SaveAsync(await Records(Families.Reference("R-2", "C-1", "mother", 'F', mother)));
        await Profiles.SaveAsync(await Records(Families.Reference("R-4", "C-1", "father", 'M', _people.Person())));
        Assert.Equal([("C-1", 2, 3)], (await Profiles.CasesAsync(["C-1", "C-9"])).Select(c => (c.Id, c.Revision, c.References.Count)));

        // A correction that moves the mother to another case changes both.
        await Profiles.SaveAsync(await Records(Families.Reference("R-2", "C-2", "mother", 'F', mother)));
        var cases = await Profiles.CasesAsync(["C-1", "C-2"]);
        Assert.Equal([("C-1", 3, 2), ("C-2", 1, 1)], cases.Select(c => (c.Id, c.Revision, c.References.Count)));
        Assert.Equal(["R-1", "R-3"], cases[0].References.Select(r => r.ProfileId));

        var inBucket = new List<StoredCase>();
        for (var bucket = 0; bucket < 4; bucket++)
        {
            inBucket.AddRange(await Profiles.CasesInBucketAsync(bucket, 4));
        }

        Assert.Equal(["C-1", "C-2"], inBucket.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_cases_a_batch_creates_are_returned_as_they_are_read_back_and_no_other()
    {
        var mother = _people.Person();
        var first = await Profiles.SaveAsync(await Records(
            Families.Reference("R-2", "C-1", "mother", 'F', mother),
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        await AssertReadBack(first, ["C-1"]);

        // A reference joins C-1, the mother moves to a new case C-2, and C-3 is new with two references.
        var second = await Profiles.SaveAsync(await Records(
            Families.Reference("R-3", "C-1", "full-sibling", 'F', _people.Person()),
            Families.Reference("R-2", "C-2", "mother", 'F', mother),
            Families.Reference("R-5", "C-3", "mother", 'F', _people.Person()),
            Families.Reference("R-4", "C-3", "father", 'M', _people.Person())));

        await AssertReadBack(second, ["C-2", "C-3"]);
        Assert.Equal(["R-3", "R-2", "R-5", "R-4"], second.Profiles.Select(p => p.Id));
        Assert.Equal(["C-1", "C-2", "C-3"], second.Searches.Where(s => s.Kind == SearchKind.Case).Select(s => s.SubjectId).Order(StringComparer.Ordinal));

        async Task AssertReadBack(SaveResult saved, string[] created)
        {
            var returned = saved.NewCases.OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
            Assert.Equal(created, returned.Select(c => c.Id));
            var read = await Profiles.CasesAsync(created);
            Assert.Equal(read.Select(Shape), returned.Select(Shape));
        }

        static string Shape(StoredCase c) => $"{c.Id} r{c.Revision}: " + string.Join("; ", c.References.Select(r =>
            $"{r.ProfileId} {r.Role} {r.Profile.Sex} " + string.Join(",", r.Profile.Loci.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value.First}/{l.Value.Second}"))));
    }

    [Fact]
    public async Task Completing_a_search_replaces_the_subjects_matches_and_ranks_them_per_person()
    {
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Reference("R-2", "C-2", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var person = await Owe(SearchKind.Person, "P-1");

        Assert.True(await Matches.CompleteAsync(person, [new("P-1", "C-1", 5e3), new("P-1", "C-2", 2e6)], null));
        Assert.False(await Matches.CompleteAsync(person, [new("P-1", "C-1", 1e9)], null));

        var ranked = await Matches.ListAsync("P-1", null, 0);
        Assert.Equal([("C-2", 1), ("C-1", 2)], ranked.Select(m => (m.CaseId, m.Rank)));
        Assert.Equal(Math.Log10(2e6), ranked[0].Log10Lr, 9);
        var ofCase = Assert.Single(await Matches.ListAsync(null, "C-1", 0));
        Assert.Equal(2, ofCase.Rank);
        Assert.Empty(await Matches.ListAsync(null, null, 1e7));

        var again = await Owe(SearchKind.Person, "P-1");
        await Matches.CompleteAsync(again, [new("P-1", "C-1", 7e3)], null);
        Assert.Equal([("C-1", 1)], (await Matches.ListAsync("P-1", null, 0)).Select(m => (m.CaseId, m.Rank)));

        var stats = await Matches.StatsAsync();
        Assert.Equal((2L, 1L, 2L, 1L), (stats.FamilyReferences, stats.UnknownParentage, stats.Cases, stats.Matches));
    }

    [Fact]
    public async Task A_search_overtaken_by_a_newer_completed_one_does_not_overwrite_it()
    {
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var older = await Owe(SearchKind.Case, "C-1");
        var newer = await Owe(SearchKind.Case, "C-1");

        await Matches.CompleteAsync(newer, [new("P-1", "C-1", 4e4)], null);
        await Matches.CompleteAsync(older, [], null);

        Assert.Equal(4e4, Assert.Single(await Matches.ListAsync(null, "C-1", 0)).Lr);
    }

    [Fact]
    public async Task A_pair_found_again_keeps_when_it_was_first_found_and_one_lost_and_found_again_starts_anew()
    {
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        await Matches.CompleteAsync(await Owe(SearchKind.Case, "C-1"), [new("P-1", "C-1", 2e3)], null);
        var first = Assert.Single(await Matches.ListAsync(null, "C-1", 0)).FirstFoundAt!.Value;
        await Task.Delay(30);

        // Found again by the person's search, at another LR: the LR is the new one, the time the first.
        await Matches.CompleteAsync(await Owe(SearchKind.Person, "P-1"), [new("P-1", "C-1", 3e3)], null);
        var again = Assert.Single(await Matches.ListAsync(null, "C-1", 0));
        Assert.Equal((3e3, first), (again.Lr, again.FirstFoundAt!.Value));
        Assert.Equal(first, Assert.Single(await Matches.PageAsync(new MatchQuery(null, "C-1", 0, null, null, 10))).FirstFoundAt);
        Assert.Equal([new MatchCandidate("P-1", "C-1", 3e3)], await Matches.OfCasesAsync(["C-1", "C-2"]));
        Assert.Empty(await Matches.OfCasesAsync(["C-2"]));

        // Not found by the next search, then found once more: found anew.
        await Matches.CompleteAsync(await Owe(SearchKind.Case, "C-1"), [], null);
        Assert.Empty(await Matches.ListAsync(null, "C-1", 0));
        await Matches.CompleteAsync(await Owe(SearchKind.Case, "C-1"), [new("P-1", "C-1", 4e3)], null);
        Assert.True(Assert.Single(await Matches.ListAsync(null, "C-1", 0)).FirstFoundAt > first);
    }

    [Fact]
    public async Task An_older_case_search_finishing_late_does_not_erase_a_newer_person_searchs_match()
    {
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var caseSearch = await Owe(SearchKind.Case, "C-1");
        var personSearch = await Owe(SearchKind.Person, "P-1");

        await Matches.CompleteAsync(personSearch, [new("P-1", "C-1", 3e5)], null);
        await Matches.CompleteAsync(caseSearch, [new("P-1", "C-1", 2e3)], null);

        Assert.Equal(3e5, Assert.Single(await Matches.ListAsync(null, "C-1", 0)).Lr);
    }

    [Fact]
    public async Task A_batch_of_searches_leaves_the_matches_that_completing_them_one_by_one_in_id_order_would()
    {
        await Profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Reference("R-2", "C-2", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person()),
            Families.Unknown("P-2", 'M', _people.Person()),
            Families.Unknown("P-3", 'F', _people.Person())));
        var done = await Owe(SearchKind.Person, "P-2");
        await Matches.CompleteAsync(done, [], null);
        await Matches.CompleteAsync(await Owe(SearchKind.Person, "P-3"), [new("P-3", "C-1", 1e3)], null);
        await Matches.CompleteAsync(await Owe(SearchKind.Case, "C-2"), [new("P-2", "C-2", 5e2)], null);
        var firstFound = Assert.Single(await Matches.ListAsync("P-3", null, 0)).FirstFoundAt;
        var person = await Owe(SearchKind.Person, "P-1");
        var case1 = await Owe(SearchKind.Case, "C-1");
        var case2 = await Owe(SearchKind.Case, "C-2");

        // P-1's search finds both cases; C-1's finds P-1 too and P-3 again at a new LR; C-2's, newer than P-1's, finds
        // no one, so neither P-1's pair with it nor the older P-2 pair stays; P-2's search was already complete.
        var completed = await Matches.CompleteAllAsync(
        [
            new SearchOutcome(case2, []),
            new SearchOutcome(person, [new("P-1", "C-1", 2e3), new("P-1", "C-2", 7e3)]),
            new SearchOutcome(done, [new("P-2", "C-1", 9e9)]),
            new SearchOutcome(case1, [new("P-1", "C-1", 2e3), new("P-3", "C-1", 4e3)]),
        ], 7);

        Assert.Equal([person.Id, case1.Id, case2.Id], completed);
        var stored = (await Matches.ListAsync(null, null, 0)).Select(m => (m.ProfileId, m.CaseId, m.Lr)).Order().ToList();
        Assert.Equal([("P-1", "C-1", 2e3), ("P-3", "C-1", 4e3)], stored);
        Assert.Equal(firstFound, Assert.Single(await Matches.ListAsync("P-3", null, 0)).FirstFoundAt);
        var statuses = await Task.WhenAll(new[] { person, case1, case2 }.Select(s => Searches.StatusAsync(s.Id)));
        Assert.All(statuses, s => Assert.NotNull(s!.CompletedAt));
        Assert.Equal([2, 2, 0], statuses.Select(s => s!.Candidates!.Value));
        Assert.Equal(0, (await Searches.StatusAsync(done.Id))!.Candidates);
        Assert.Empty(await Matches.CompleteAllAsync([new SearchOutcome(person, [new("P-1", "C-2", 1e9)])], null));
    }

    [Fact]
    public async Task Starting_a_batch_counts_an_attempt_at_each_search_not_yet_complete_and_says_which_are_parked()
    {
        var saved = await Profiles.SaveAsync(await Records(
            Families.Unknown("P-1", 'M', _people.Person()),
            Families.Unknown("P-2", 'F', _people.Person()),
            Families.Unknown("P-3", 'F', _people.Person())));
        var (first, parked, complete) = (saved.Searches[0], saved.Searches[1], saved.Searches[2]);
        Assert.True(await Searches.RecordFailureAsync(parked.Id, "away", maxFailures: 1));
        await Matches.CompleteAsync(complete, [], null);
        await Searches.MarkStartedAsync(first.Id);

        var started = await Searches.StartAllAsync([complete.Id, parked.Id, first.Id, 999_999]);

        Assert.Equal([(first.Id, "P-1", 2, false), (parked.Id, "P-2", 1, true)],
            started.Select(s => (s.Search.Id, s.Search.SubjectId, s.Start.Attempts, s.Start.Parked)));
        Assert.Equal(2, (await Searches.StatusAsync(first.Id))!.Attempts);
        Assert.Equal(0, (await Searches.StatusAsync(complete.Id))!.Attempts);
        Assert.Equal(["P-1", "P-3"], (await Profiles.FindAllAsync(["P-3", "P-1", "P-9"])).Select(p => p.Record.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_search_that_keeps_failing_is_parked_with_its_last_error_and_is_no_longer_pending()
    {
        var search = Assert.Single((await Profiles.SaveAsync(await Records(Families.Unknown("P-1", 'M', _people.Person())))).Searches);
        Assert.Equal(new SearchStart(1, false), await Searches.MarkStartedAsync(search.Id));
        Assert.False(await Searches.RecordFailureAsync(search.Id, "first", maxFailures: 2));
        Assert.Contains(search.Id, await Searches.StalledAsync(TimeSpan.Zero, 10));
        Assert.Equal(1L, await Searches.PendingCountAsync());
        Assert.True(await Searches.RecordFailureAsync(search.Id, "second", maxFailures: 2));

        var status = (await Searches.StatusAsync(search.Id))!;
        Assert.Equal((SearchKind.Person, "P-1", 1, 2, "second"), (status.Kind, status.SubjectId, status.Attempts, status.Failures, status.LastError));
        Assert.NotNull(status.ParkedAt);
        Assert.Null(status.CompletedAt);
        Assert.True((await Searches.MarkStartedAsync(search.Id)).Parked);
        Assert.Empty(await Searches.StalledAsync(TimeSpan.Zero, 10));
        Assert.Empty(await Searches.UnfinishedAsync([search.Id]));
        var stats = await Matches.StatsAsync();
        Assert.Equal((0L, 1L, 0L), (stats.PendingSearches, stats.ParkedSearches, await Searches.PendingCountAsync()));
        Assert.Null(await Searches.StatusAsync(search.Id + 1000));
    }

    [Fact]
    public async Task A_completed_search_records_its_candidates_and_cannot_be_parked()
    {
        await Profiles.SaveAsync(await Records(Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()), Families.Unknown("P-1", 'M', _people.Person())));
        var search = await Owe(SearchKind.Person, "P-1");
        var pending = await Searches.PendingCountAsync();
        var completed = await Searches.CompletedWithinAsync(TimeSpan.FromMinutes(1));
        Assert.True(await Matches.CompleteAsync(search, [new("P-1", "C-1", 5e3)], null));
        Assert.Equal((pending - 1, completed + 1), (await Searches.PendingCountAsync(), await Searches.CompletedWithinAsync(TimeSpan.FromMinutes(1))));
        await Task.Delay(50);
        Assert.Equal(0L, await Searches.CompletedWithinAsync(TimeSpan.FromMilliseconds(20)));
        Assert.False(await Searches.RecordFailureAsync(search.Id, "late", maxFailures: 1));
        var status = (await Searches.StatusAsync(search.Id))!;
        Assert.Equal((1, (DateTimeOffset?)null), (status.Candidates, status.ParkedAt));
        Assert.NotNull(status.CompletedAt);
    }

    [Fact]
    public async Task A_cases_missing_child_keeps_the_sex_recorded_and_persons_are_counted_by_sex()
    {
        await Profiles.SaveAsync(await Records(Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()), Families.Unknown("P-1", 'M', _people.Person()),
            Families.Unknown("P-2", 'F', _people.Person()), Families.Unknown("P-3", 'F', _people.Person()), Families.Unknown("P-4", 'U', _people.Person())));
        Assert.Equal(Kinship.Sex.Unknown, await Profiles.MissingSexAsync("C-1"));
        Assert.True(await Profiles.RecordMissingSexAsync("C-1", Kinship.Sex.Female));
        Assert.Equal(Kinship.Sex.Female, await Profiles.MissingSexAsync("C-1"));
        Assert.True(await Profiles.RecordMissingSexAsync("C-1", Kinship.Sex.Unknown));
        Assert.Equal(Kinship.Sex.Unknown, await Profiles.MissingSexAsync("C-1"));
        Assert.False(await Profiles.RecordMissingSexAsync("NO-CASE", Kinship.Sex.Male));
        Assert.Empty(await Profiles.MissingSexesAsync(["C-1", "NO-CASE"]));
        await Profiles.RecordMissingSexAsync("C-1", Kinship.Sex.Male);
        Assert.Equal([("C-1", Kinship.Sex.Male)], (await Profiles.MissingSexesAsync(["C-1", "NO-CASE"])).Select(s => (s.Key, s.Value)));

        Assert.Equal(new PersonsBySex(1, 2, 1), await Profiles.PersonsBySexAsync());
        var sexes = await Profiles.SexesAsync(["P-1", "P-4", "R-1", "NONE"]);
        Assert.Equal([("P-1", Kinship.Sex.Male), ("P-4", Kinship.Sex.Unknown), ("R-1", Kinship.Sex.Female)],
            sexes.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
    }
}
