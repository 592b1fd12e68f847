using Matching.Registry.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matching.Silo.Health;

/// <summary>Readiness: PostgreSQL answers within two seconds and holds every migration this build ships.</summary>
public sealed class SchemaReady(RegistryDatabase database) : IHealthCheck
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Within);
        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(version), 0) FROM public.matching_schema_version");
            var applied = (int)(await command.ExecuteScalarAsync(timeout.Token))!;
            var needed = RegistryDatabase.Migrations.Max(m => m.Version);
            return applied >= needed ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"schema at version {applied}, this build needs {needed}");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer within {Within.TotalSeconds:0} s");
        }
    }
}
