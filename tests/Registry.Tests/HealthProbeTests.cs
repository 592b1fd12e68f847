using System.Net;
using Npgsql;

namespace Matching.Registry.Tests;

/// <summary>The probes: liveness without I/O, readiness that follows PostgreSQL's schema and the silo's membership.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthProbeTests(PostgresFixture postgres) : IAsyncLifetime
{
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "health");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Readiness_needs_every_migration_applied_and_liveness_does_not_look()
    {
        using var probe = _silo.ClientWith(null);
        Assert.Equal("Healthy", await probe.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", await probe.GetStringAsync("/health/live"));

        // The schema's newest migration taken back, as if this build ran on an older database.
        await using (var owner = new NpgsqlConnection(_silo.Options.ConnectionString))
        {
            await owner.OpenAsync();
            await using var forget = new NpgsqlCommand("DELETE FROM public.matching_schema_version WHERE version = (SELECT max(version) FROM public.matching_schema_version)", owner);
            Assert.Equal(1, await forget.ExecuteNonQueryAsync());
        }

        using var ready = await probe.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);
    }
}
