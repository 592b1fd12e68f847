using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>--in-memory keeps the PostgreSQL stores' rules.</summary>
public sealed class VolatileRegistryTests
{
    private readonly Families _people = new(13);
    private readonly VolatileRegistry _registry = new();

    private static async Task<List<ProfileRecord>> Records(params string[] lines) =>
        [.. (await new RegistrationReader(Families.Table).ReadAsync(new StringReader(string.Join('\n', lines)), "test")).Records];

    [Fact]
    public async Task Same_content_is_a_no_op_a_change_a_correction_and_a_second_father_is_rejected()
    {
        var person = _people.Person();
        var created = await _registry.SaveAsync(await Records(
            Families.Unknown("P-1", 'F', person),
            Families.Reference("R-1", "C-1", "father", 'M', _people.Person()),
            Families.Reference("R-2", "C-1", "full-sibling", 'M', _people.Person())));
        var unchanged = await _registry.SaveAsync(await Records(Families.Unknown("P-1", 'F', person)));
        person["FGA"] = Kinship.Genotype.Of("20", "26");
        var corrected = await _registry.SaveAsync(await Records(
            Families.Unknown("P-1", 'F', person),
            Families.Reference("R-3", "C-1", "father", 'M', _people.Person())));

        Assert.Equal([(SearchKind.Person, "P-1"), (SearchKind.Case, "C-1")], created.Searches.Select(s => (s.Kind, s.SubjectId)));
        Assert.Equal(RegistrationOutcome.Unchanged, Assert.Single(unchanged.Profiles).Outcome);
        Assert.Empty(unchanged.Searches);
        Assert.Equal([RegistrationOutcome.Corrected, RegistrationOutcome.Rejected], corrected.Profiles.Select(p => p.Outcome));
        Assert.Contains("already has a father (profile R-1)", corrected.Profiles[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await _registry.FindAsync("P-1"))!.Version);
        var stored = Assert.Single(await _registry.CasesAsync(["C-1"]));
        Assert.Equal((1, 2), (stored.Revision, stored.References.Count)); // the refused second father changed nothing
    }

    [Fact]
    public async Task Results_are_replaced_per_subject_ranked_per_person_and_never_overwritten_by_an_older_search()
    {
        var person = _people.Person();
        var saved = await _registry.SaveAsync(await Records(
            Families.Reference("R-1", "C-1", "mother", 'F', _people.Person()),
            Families.Reference("R-2", "C-2", "mother", 'F', _people.Person()),
            Families.Unknown("P-1", 'M', person)));
        var personSearch = saved.Searches.Single(s => s.Kind == SearchKind.Person);
        Assert.Equal(["R-1", "R-2", "P-1"], saved.Profiles.Select(p => p.Id));
        Assert.Equal([("C-1", "R-1"), ("C-2", "R-2")], saved.NewCases.Select(c => (c.Id, Assert.Single(c.References).ProfileId)).Order());

        Assert.True(await _registry.CompleteAsync(personSearch, [new("P-1", "C-1", 5e3), new("P-1", "C-2", 2e6)], null));
        Assert.False(await _registry.CompleteAsync(personSearch, [], null));
        Assert.Equal([("C-2", 1), ("C-1", 2)], (await _registry.ListAsync("P-1", null, 0)).Select(m => (m.CaseId, m.Rank)));
        Assert.Equal(2, Assert.Single(await _registry.ListAsync(null, "C-1", 0)).Rank);

        person["FGA"] = Kinship.Genotype.Of("20", "26");
        var newer = Assert.Single((await _registry.SaveAsync(await Records(Families.Unknown("P-1", 'M', person)))).Searches);
        Assert.Empty(await _registry.ListAsync("P-1", null, 0));
        await _registry.CompleteAsync(newer, [new("P-1", "C-1", 9e3)], null);
        var older = saved.Searches.Single(s => s.SubjectId == "C-1");
        await _registry.CompleteAsync(older, [], null);
        await _registry.CompleteAsync(saved.Searches.Single(s => s.SubjectId == "C-2"), [], null);

        Assert.Equal(9e3, Assert.Single(await _registry.ListAsync("P-1", null, 0)).Lr);
        Assert.Equal(0, (await _registry.StatsAsync()).PendingSearches);
    }
}
