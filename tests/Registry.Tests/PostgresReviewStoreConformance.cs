using Matching.Registry.Database;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>The review-store suite on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReviewStoreConformance(PostgresFixture postgres) : ReviewStoreConformance
{
    private RegistryDatabase _database = null!;

    public override async Task InitializeAsync()
    {
        _database = new RegistryDatabase(await postgres.CreateDatabaseAsync("review-store"));
        (Profiles, Matches, Searches, Reviews) = (new ProfileStore(_database), new MatchStore(_database), new SearchStore(_database), new ReviewStore(_database));
        Audit = new Access.AuditLog(_database);
    }

    public override async Task DisposeAsync() => await _database.DisposeAsync();
}
