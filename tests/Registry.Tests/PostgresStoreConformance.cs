using Matching.Registry.Database;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>The store suite on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreConformance(PostgresFixture postgres) : StoreConformance
{
    private RegistryDatabase _database = null!;

    public override async Task InitializeAsync()
    {
        _database = new RegistryDatabase(await postgres.CreateDatabaseAsync("conformance"));
        (Profiles, Matches, Searches) = (new ProfileStore(_database), new MatchStore(_database), new SearchStore(_database));
    }

    public override async Task DisposeAsync() => await _database.DisposeAsync();
}
