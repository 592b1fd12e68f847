using Matching.Grains;

namespace Matching.Registry.Tests;

/// <summary>The whole search on a three-silo cluster: registration, stream, buckets, coordinator, PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(2026);
    private ClusterFixture _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterFixture.StartAsync(postgres, "cluster");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_family_registered_first_is_found_by_its_missing_child_with_the_textbook_trio_LR()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        var child = _people.Child(father, mother);
        await _cluster.RegisterAsync(
            Families.Reference("F-1", "CASE-1", "father", 'M', father),
            Families.Reference("M-1", "CASE-1", "mother", 'F', mother));
        await _cluster.RegisterAsync(
            Families.Unknown("U-1", 'F', child),
            Families.Unknown("U-2", 'M', _people.Person()));
        await _cluster.SettleAsync();

        var ofPerson = Assert.Single(await _cluster.Matches.ListAsync("U-1", null, 0));
        var ofCase = Assert.Single(await _cluster.Matches.ListAsync(null, "CASE-1", 0));
        Assert.Equal(("U-1", "CASE-1", 1), (ofPerson.ProfileId, ofPerson.CaseId, ofPerson.Rank));
        Assert.Equal(ofPerson, ofCase);
        var expected = Families.Trio(father, mother, child);
        Assert.True(expected > 1e6, $"a trio at 23 loci gives a large LR, not {expected}");
        Assert.Equal(expected, ofPerson.Lr, expected * 1e-9);
    }

    [Fact]
    public async Task A_completion_asked_after_a_search_is_stored_still_names_its_candidates()
    {
        // A single search finishes in milliseconds; its coordinator stays a while after storing, so that a caller
        // asking just after it finished is told its candidates, not only that it is done.
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await _cluster.RegisterAsync(Families.Reference("F-LATE", "CASE-LATE", "father", 'M', father));
        await _cluster.SettleAsync();
        var search = Assert.Single((await _cluster.RegisterAsync(Families.Unknown("U-LATE", 'M', child))).Searches);
        await _cluster.SettleAsync();

        var completion = await _cluster.Cluster.Client.GetGrain<IMatchCoordinatorGrain>(search.Id).Completion().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(completion.Progress.Completed);
        var candidate = Assert.Single(completion.Ranked);
        Assert.Equal(("U-LATE", "CASE-LATE"), (candidate.ProfileId, candidate.CaseId));
        Assert.Equal(Families.Duo(father, child), candidate.Lr, candidate.Lr * 1e-9);
    }

    [Fact]
    public async Task Registration_returns_with_its_persons_and_cases_already_in_their_buckets()
    {
        // Buckets active (and loaded) before the batch: what they hold after it came from the registration itself.
        var personBuckets = BucketNumber.All(4).Select(_cluster.Cluster.Client.PersonBucket).ToList();
        var caseBuckets = BucketNumber.All(4).Select(_cluster.Cluster.Client.CaseBucket).ToList();
        async Task<(int Persons, int Cases)> Held() =>
            ((await Task.WhenAll(personBuckets.Select(b => b.Count()))).Sum(), (await Task.WhenAll(caseBuckets.Select(b => b.Count()))).Sum());
        Assert.Equal((0, 0), await Held());

        var result = await _cluster.RegisterAsync(
            Families.Reference("F-40", "CASE-40", "father", 'M', _people.Person()),
            Families.Reference("S-40", "CASE-41", "full-sibling", 'F', _people.Person()),
            Families.Unknown("U-40", 'F', _people.Person()),
            Families.Unknown("U-41", 'M', _people.Person()),
            Families.Unknown("U-42", 'M', _people.Person()));

        Assert.Equal((3, 2), await Held());
        Assert.Equal(5, result.Searches.Count);
        await _cluster.SettleAsync();
        Assert.Equal((3, 2), await Held());
    }

    [Fact]
    public async Task A_child_registered_first_is_found_when_its_father_comes_with_the_paternity_index()
    {
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await _cluster.RegisterAsync(Families.Unknown("U-10", 'M', child));
        await _cluster.SettleAsync();
        Assert.Empty(await _cluster.Matches.ListAsync("U-10", null, 0));

        await _cluster.RegisterAsync(Families.Reference("F-10", "CASE-10", "father", 'M', father));
        await _cluster.SettleAsync();

        var match = Assert.Single(await _cluster.Matches.ListAsync(null, "CASE-10", 0));
        Assert.Equal("U-10", match.ProfileId);
        var expected = Families.Duo(father, child);
        Assert.Equal(expected, match.Lr, expected * 1e-9);
        Assert.Equal(match, Assert.Single(await _cluster.Matches.ListAsync("U-10", null, 0)));
    }

    [Fact]
    public async Task Unrelated_people_are_not_reported_and_every_bucket_answers_every_search()
    {
        var result = await _cluster.RegisterAsync(
            Families.Reference("F-20", "CASE-20", "father", 'M', _people.Person()),
            Families.Unknown("U-20", 'F', _people.Person()),
            Families.Unknown("U-21", 'M', _people.Person()));
        await _cluster.SettleAsync();

        Assert.Empty(await _cluster.Matches.ListAsync(null, "CASE-20", 0));
        foreach (var search in result.Searches)
        {
            var progress = await _cluster.Cluster.Client.GetGrain<IMatchCoordinatorGrain>(search.Id).Progress();
            Assert.True(progress.Completed || progress.BucketsAsked == 0, $"search {search.Id} not complete");
        }
    }

    [Fact]
    public async Task A_search_committed_but_never_streamed_is_completed_by_the_sweep()
    {
        var mother = _people.Person();
        var child = _people.Child(_people.Person(), mother);
        await _cluster.RegisterAsync(Families.Reference("M-30", "CASE-30", "mother", 'F', mother));
        await _cluster.SettleAsync();

        // As if the silo died between the commit and the stream: the profile and its search are in PostgreSQL, nothing else.
        var batch = await new RegistrationReader(Families.Table).ReadAsync(new StringReader(Families.Unknown("U-30", 'M', child)), "test");
        var saved = await _cluster.Profiles.SaveAsync(batch.Records);
        Assert.Single(saved.Searches);
        Assert.Equal(1, (await _cluster.Matches.StatsAsync()).PendingSearches);

        await _cluster.Cluster.Client.GetGrain<ISearchSweepGrain>(0).Sweep();
        await _cluster.SettleAsync();

        var match = Assert.Single(await _cluster.Matches.ListAsync("U-30", null, 0));
        Assert.Equal(Families.Duo(mother, child), match.Lr, match.Lr * 1e-9);
    }

    [Fact]
    public async Task A_father_and_a_child_registered_without_a_sex_are_matched_and_stored_as_they_were_read()
    {
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await _cluster.RegisterAsync(
            Families.Reference("F-50", "CASE-50", "father", 'M', father).Replace("\"sex\":\"M\",", ""),
            Families.Unknown("U-50", 'M', child).Replace("\"sex\":\"M\",", ""));
        await _cluster.SettleAsync();

        var match = Assert.Single(await _cluster.Matches.ListAsync("U-50", null, 0));
        Assert.Equal("CASE-50", match.CaseId);
        Assert.Equal(Families.Duo(father, child), match.Lr, match.Lr * 1e-9);
        await using var sexes = _cluster.Database.DataSource.CreateCommand("SELECT id, sex FROM registry.profiles WHERE id IN ('F-50', 'U-50') ORDER BY id");
        await using var reader = await sexes.ExecuteReaderAsync();
        var stored = new List<(string, char)>();
        while (await reader.ReadAsync())
        {
            stored.Add((reader.GetString(0), reader.GetChar(1)));
        }

        Assert.Equal([("F-50", 'M'), ("U-50", 'U')], stored);
        Assert.Equal(Kinship.Sex.Unknown, (await _cluster.Profiles.FindAsync("U-50"))!.Record.Sex);
    }
}
