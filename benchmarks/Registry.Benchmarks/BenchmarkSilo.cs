using Matching.Registry.Database;
using Matching.Silo;

namespace Matching.Registry.Benchmarks;

/// <summary>The one silo each benchmark runs: on a database of its own in the benchmark's embedded PostgreSQL, any free port, no key file.</summary>
internal static class BenchmarkSilo
{
    public static async Task<SiloOptions> OptionsAsync(EmbeddedPostgres postgres, string database)
    {
        var options = new SiloOptions
        {
            ConnectionString = postgres.ConnectionString(database),
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = $"{database}-{Guid.NewGuid():N}",
            Urls = "http://127.0.0.1:0",
            AdminKeyFile = null,
        };
        await RegistryDatabase.EnsureCreatedAsync(options.ConnectionString);
        return options;
    }
}
