using Matching.Registry.Database;

namespace Matching.Registry.Tests;

/// <summary>
/// A real PostgreSQL for the tests, started the way the registry starts its embedded default (a private cluster
/// under a data folder, as the postgres user when the tests run as root). Each test class takes its own database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"matching-tests-{Guid.NewGuid():N}");
    private EmbeddedPostgres? _server;
    private int _databases;

    public EmbeddedPostgres Server => _server ?? throw new InvalidOperationException("PostgreSQL has not started");

    public async Task InitializeAsync() =>
        _server = await EmbeddedPostgres.StartAsync(_folder, _ => { }, durable: false);

    /// <summary>A new, migrated database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Interlocked.Increment(ref _databases)}";
        var connectionString = Server.ConnectionString(name);
        await RegistryDatabase.EnsureCreatedAsync(connectionString);
        await using var database = new RegistryDatabase(connectionString);
        await database.MigrateAsync();
        return connectionString;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A server that was slow to stop may still hold a file; the folder is in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
