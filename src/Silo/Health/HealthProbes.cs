using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Matching.Silo.Health;

/// <summary>
/// The probes, with ASP.NET Core's health checks: liveness (/health/live, and /health as before) answers while the
/// process does, with no I/O, so a PostgreSQL blip restarts nothing; readiness (/health/ready) asks PostgreSQL and the
/// cluster's membership. Neither needs a key, and neither says more than Healthy or Unhealthy.
/// </summary>
public static class HealthProbes
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealthProbes(this IServiceCollection services, bool database)
    {
        var checks = services.AddHealthChecks().AddCheck<SiloActive>("silo", tags: [Ready]);
        if (database)
        {
            checks.AddCheck<SchemaReady>("postgresql", tags: [Ready]);
        }

        return services;
    }

    public static void MapHealthProbes(this WebApplication app)
    {
        var live = new HealthCheckOptions { Predicate = _ => false };
        app.MapHealthChecks("/health", live).AllowAnonymous();
        app.MapHealthChecks("/health/live", live).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
    }
}
