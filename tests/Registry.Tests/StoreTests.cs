using Matching.Registry.Database;
using Matching.Registry.Stores;
using Npgsql;

namespace Matching.Registry.Tests;

/// <summary>What only the PostgreSQL stores have: migrations, the history table, binary COPY, concurrent transactions.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(11);
    private RegistryDatabase _database = null!;
    private ProfileStore _profiles = null!;

    public async Task InitializeAsync()
    {
        _database = new RegistryDatabase(await postgres.CreateDatabaseAsync("stores"));
        _profiles = new ProfileStore(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<List<ProfileRecord>> Records(params string[] lines) =>
        [.. (await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "test")).Records
            .Select(r => r with { SubmittedBy = "tester", CorrectionReason = "retyped" })];

    [Fact]
    public async Task Migrations_run_once_and_create_the_orleans_and_registry_tables()
    {
        Assert.Equal(0, await _database.MigrateAsync());
        await using var command = _database.DataSource.CreateCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('orleansquery', 'orleansmembershiptable', 'orleansstorage', 'orleansreminderstable', 'profiles', 'matches', 'searches')");
        Assert.Equal(7L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_correction_keeps_the_version_it_replaces_in_the_history()
    {
        var person = _people.Person();
        await _profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        person["TH01"] = Kinship.Genotype.Of("6", "9.3");
        await _profiles.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));

        await using var history = _database.DataSource.CreateCommand(
            "SELECT corrected_by || ': ' || correction_reason FROM registry.profile_history WHERE profile_id = 'P-1' AND version = 1");
        Assert.Equal("tester: retyped", await history.ExecuteScalarAsync());
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
}
