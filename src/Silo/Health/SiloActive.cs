using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matching.Silo.Health;

/// <summary>Readiness: this silo is active in the cluster's membership (not still joining, nor shutting down).</summary>
public sealed class SiloActive(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the silo is {membership.CurrentStatus} in the cluster's membership"));
}
