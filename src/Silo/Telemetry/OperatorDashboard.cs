using Matching.Silo.Access;
using Orleans.Dashboard;

namespace Matching.Silo.Telemetry;

/// <summary>
/// The Orleans Dashboard at /dashboard, for operators and national administrators only. Its grain-state view and
/// live log are refused: a profile grain's state is its genotypes, which operators may not see.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/dashboard";

    /// <summary>The dashboard's endpoints that would show grain state or the log; refused whoever asks.</summary>
    private static readonly string[] Refused = ["/GrainState", "/Trace"];

    public static ISiloBuilder AddOperatorDashboard(this ISiloBuilder silo) =>
        silo.AddDashboard(dashboard => dashboard.HideTrace = true);

    public static void MapOperatorDashboard(this WebApplication app) =>
        app.MapOrleansDashboard(Path)
            .RequireAuthorization(AccessPolicy.Operations)
            .WithTags("Operations")
            .AddEndpointFilter(async (context, next) =>
                Refused.Any(r => context.HttpContext.Request.Path.Value?.EndsWith(r, StringComparison.OrdinalIgnoreCase) == true)
                    ? Results.Json(new Api.ApiError("the dashboard's grain state and log are not served: they would show genotypes"), statusCode: StatusCodes.Status403Forbidden)
                    : await next(context));
}
