using Matching.Registry.Database;
using Matching.Registry.Stores;
using Npgsql;

namespace Matching.Registry.Tests;

[Collection(PostgresCollection.Name)]
public sealed class StoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(11);
    private RegistryDatabase _database = null!;
    private ProfileStore _profiles = null!;
    private MatchStore _matches = null!;

    public async Task InitializeAsync()
    {
        _database = new RegistryDatabase(await postgres.CreateDatabaseAsync("stores"));
        _profiles = new ProfileStore(_database);
        _matches = new MatchStore(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<List<ProfileRecord>> Records(params string[] lines) =>
        [.. (await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "test")).Records];

    [Fact]
    public async Task Migrations_run_once_and_create_the_orleans_and_registry_tables()
    {
        Assert.Equal(0, await _database.MigrateAsync());
        await using var command = _database.DataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('orleansquery', 'orleansmembershiptable', 'orleansstorage', 'orleansreminderstable', 'profiles', 'matches', 'searches')");
        Assert.Equal(7L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_same_content_is_a_no_op_and_a_change_is_a_correction_with_history()
    {
        var person = _people.Person();
        var first = await _profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        var again = await _profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        person["TH01"] = Kinship.Genotype.Of("6", "9.3");
        var corrected = await _profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));

        Assert.Equal(RegistrationOutcome.Created, Assert.Single(first.Profiles).Outcome);
        Assert.Equal(RegistrationOutcome.Unchanged, Assert.Single(again.Profiles).Outcome);
        Assert.Empty(again.Searches);
        Assert.Equal(RegistrationOutcome.Corrected, Assert.Single(corrected.Profiles).Outcome);
        Assert.Equal(SearchKind.Person, Assert.Single(corrected.Searches).Kind);

        var stored = await _profiles.FindAsync("P-1");
        Assert.Equal(2, stored!.Version);
        Assert.Equal(Kinship.Genotype.Of("6", "9.3"), stored.Record.Loci["TH01"]);
        await using var history = _database.DataSource.CreateCommand("SELECT count(*) FROM registry.profile_history WHERE profile_id = 'P-1' AND version = 1");
        Assert.Equal(1L, await history.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_new_profile_is_stored_field_for_field_as_read_whatever_characters_its_text_holds()
    {
        var lines = new[]
        {
            Families.Unknown("P-\\1\t\"", 'F', _people.Person(), province: "四川省 \\N"),
            Families.Reference("R-é\r\n2", "C-\\N\t", "father", 'M', _people.Person(), province: "Yunnan\tProvince"),
            Families.Unknown("P-𝔸3", 'M', _people.Person(), province: "\\"),
        };
        var records = await Records(lines);
        Assert.Equal(3, records.Count);

        var saved = await _profiles.SaveAsync(records);

        Assert.All(saved.Profiles, p => Assert.Equal(RegistrationOutcome.Created, p.Outcome));
        foreach (var record in records)
        {
            var stored = (await _profiles.FindAsync(record.Id))!.Record;
            Assert.Equal((record.Id, record.Category, record.CaseId, record.Role, record.Province, record.Sex, record.ContentHash),
                (stored.Id, stored.Category, stored.CaseId, stored.Role, stored.Province, stored.Sex, stored.ContentHash));
            Assert.Equal(record.SortedLoci, stored.SortedLoci);
            await using var row = _database.DataSource.CreateCommand("SELECT loci, content_hash, bucket_hash FROM registry.profiles WHERE id = @id");
            row.Parameters.AddWithValue("id", record.Id);
            await using var reader = await row.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((record.LociText, record.ContentHash, BucketHash.Of(record.CaseId ?? record.Id)), (reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
    }

    [Fact]
    public async Task A_second_father_is_rejected_and_one_case_search_is_owed_per_batch()
    {
        var saved = await _profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Reference("R-2", "C-1", "full-sibling", 'F', _people.Person())));
        var later = await _profiles.SaveAsync(await Records(Families.Reference("R-3", "C-1", "father", 'M', _people.Person())));

        Assert.Equal([("case", "C-1")], saved.Searches.Select(s => (SearchRequest.KindName(s.Kind), s.SubjectId)));
        var rejected = Assert.Single(later.Profiles);
        Assert.Equal(RegistrationOutcome.Rejected, rejected.Outcome);
        Assert.Contains("already has a father (profile R-1)", rejected.Reason, StringComparison.Ordinal);
        Assert.Empty(later.Searches);
    }

    [Fact]
    public async Task Batches_committed_at_once_that_share_ids_and_a_case_end_as_if_committed_one_after_another()
    {
        var persons = Enumerable.Range(0, 20).Select(i => Families.Unknown($"P-{i}", 'F', _people.Person())).ToList();
        var mother = Families.Reference("M-1", "C-1", "mother", 'F', _people.Person());
        var batches = new List<List<ProfileRecord>>();
        for (var b = 0; b < 8; b++)
        {
            batches.Add(await Records([.. persons, mother, Families.Reference($"F-{b}", "C-1", "father", 'M', _people.Person())]));
        }

        var saved = await Task.WhenAll(batches.Select(batch => Task.Run(() => _profiles.SaveAsync(batch))));

        var outcomes = saved.SelectMany(s => s.Profiles).ToList();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal([RegistrationOutcome.Created, .. Enumerable.Repeat(RegistrationOutcome.Unchanged, 7)],
                outcomes.Where(o => o.Id == $"P-{i}").Select(o => o.Outcome).Order());
        }

        var fathers = outcomes.Where(o => o.Id.StartsWith("F-", StringComparison.Ordinal)).ToList();
        Assert.Single(fathers, f => f.Outcome == RegistrationOutcome.Created);
        Assert.Equal(7, fathers.Count(f => f.Outcome == RegistrationOutcome.Rejected && f.Reason!.Contains("already has a father", StringComparison.Ordinal)));
        Assert.Equal(20, saved.Sum(s => s.Searches.Count(r => r.Kind == SearchKind.Person)));
        Assert.Equal(1, saved.Sum(s => s.Searches.Count(r => r.Kind == SearchKind.Case)));
        Assert.Equal([("C-1", 1, 2)], (await _profiles.CasesAsync(["C-1"])).Select(c => (c.Id, c.Revision, c.References.Count)));
        await using var stored = _database.DataSource.CreateCommand("SELECT count(*), count(DISTINCT id), max(version) FROM registry.profiles");
        await using var reader = await stored.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((22L, 22L, 1), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
    }

    [Fact]
    public async Task A_cases_revision_rises_with_each_commit_that_changes_its_references_and_only_then()
    {
        var mother = _people.Person();
        await _profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Reference("R-2", "C-1", "mother", 'F', mother)));
        await _profiles.SaveAsync(await Records(Families.Reference("R-3", "C-1", "full-sibling", 'F', _people.Person())));
        await _profiles.SaveAsync(await Records(Families.Reference("R-2", "C-1", "mother", 'F', mother)));
        await _profiles.SaveAsync(await Records(Families.Reference("R-4", "C-1", "father", 'M', _people.Person())));
        Assert.Equal([("C-1", 2, 3)], (await _profiles.CasesAsync(["C-1", "C-9"])).Select(c => (c.Id, c.Revision, c.References.Count)));

        // A correction that moves the mother to another case changes both.
        await _profiles.SaveAsync(await Records(Families.Reference("R-2", "C-2", "mother", 'F', mother)));
        var cases = await _profiles.CasesAsync(["C-1", "C-2"]);
        Assert.Equal([("C-1", 3, 2), ("C-2", 1, 1)], cases.Select(c => (c.Id, c.Revision, c.References.Count)));
        Assert.Equal(["R-1", "R-3"], cases[0].References.Select(r => r.ProfileId));

        var inBucket = new List<StoredCase>();
        for (var bucket = 0; bucket < 4; bucket++)
        {
            inBucket.AddRange(await _profiles.CasesInBucketAsync(bucket, 4));
        }

        Assert.Equal(["C-1", "C-2"], inBucket.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_cases_a_batch_creates_are_returned_as_they_are_read_back_and_no_other()
    {
        var mother = _people.Person();
        var first = await _profiles.SaveAsync(await Records(
            Families.Reference("R-2", "C-1", "mother", 'F', mother),
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        await AssertReadBack(first, ["C-1"]);

        // A reference joins C-1, the mother moves to a new case C-2, and C-3 is new with two references.
        var second = await _profiles.SaveAsync(await Records(
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
            var read = await _profiles.CasesAsync(created);
            Assert.Equal(read.Select(Shape), returned.Select(Shape));
        }

        static string Shape(StoredCase c) => $"{c.Id} r{c.Revision}: " + string.Join("; ", c.References.Select(r =>
            $"{r.ProfileId} {r.Role} {r.Profile.Sex} " + string.Join(",", r.Profile.Loci.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value.First}/{l.Value.Second}"))));
    }

    [Fact]
    public async Task Completing_a_search_replaces_the_subjects_matches_and_ranks_them_per_person()
    {
        await _profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Reference("R-2", "C-2", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var person = new SearchRequest(await Owe("person", "P-1"), SearchKind.Person, "P-1");

        Assert.True(await _matches.CompleteAsync(person, [new("P-1", "C-1", 5e3), new("P-1", "C-2", 2e6)], null));
        Assert.False(await _matches.CompleteAsync(person, [new("P-1", "C-1", 1e9)], null));

        var ranked = await _matches.ListAsync("P-1", null, 0);
        Assert.Equal([("C-2", 1), ("C-1", 2)], ranked.Select(m => (m.CaseId, m.Rank)));
        Assert.Equal(Math.Log10(2e6), ranked[0].Log10Lr, 9);
        var ofCase = Assert.Single(await _matches.ListAsync(null, "C-1", 0));
        Assert.Equal(2, ofCase.Rank);
        Assert.Empty(await _matches.ListAsync(null, null, 1e7));

        var again = new SearchRequest(await Owe("person", "P-1"), SearchKind.Person, "P-1");
        await _matches.CompleteAsync(again, [new("P-1", "C-1", 7e3)], null);
        Assert.Equal([("C-1", 1)], (await _matches.ListAsync("P-1", null, 0)).Select(m => (m.CaseId, m.Rank)));

        var stats = await _matches.StatsAsync();
        Assert.Equal((2L, 1L, 2L, 1L), (stats.FamilyReferences, stats.UnknownParentage, stats.Cases, stats.Matches));
    }

    [Fact]
    public async Task A_search_overtaken_by_a_newer_completed_one_does_not_overwrite_it()
    {
        await _profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var older = new SearchRequest(await Owe("case", "C-1"), SearchKind.Case, "C-1");
        var newer = new SearchRequest(await Owe("case", "C-1"), SearchKind.Case, "C-1");

        await _matches.CompleteAsync(newer, [new("P-1", "C-1", 4e4)], null);
        await _matches.CompleteAsync(older, [], null);

        Assert.Equal(4e4, Assert.Single(await _matches.ListAsync(null, "C-1", 0)).Lr);
    }

    [Fact]
    public async Task An_older_case_search_finishing_late_does_not_erase_a_newer_person_searchs_match()
    {
        await _profiles.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', _people.Person())));
        var caseSearch = new SearchRequest(await Owe("case", "C-1"), SearchKind.Case, "C-1");
        var personSearch = new SearchRequest(await Owe("person", "P-1"), SearchKind.Person, "P-1");

        await _matches.CompleteAsync(personSearch, [new("P-1", "C-1", 3e5)], null);
        await _matches.CompleteAsync(caseSearch, [new("P-1", "C-1", 2e3)], null);

        Assert.Equal(3e5, Assert.Single(await _matches.ListAsync(null, "C-1", 0)).Lr);
    }

    private async Task<long> Owe(string kind, string subject)
    {
        await using var command = _database.DataSource.CreateCommand(
            "INSERT INTO registry.searches (subject_kind, subject_id) VALUES (@k, @s) RETURNING id");
        command.Parameters.AddWithValue("k", kind);
        command.Parameters.AddWithValue("s", subject);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
