using System.Globalization;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>GET /api/cases/{id}/power: what the case's references can show (<see cref="CasePowerService"/>).</summary>
public static class PowerApi
{
    public static void MapPowerApi(this WebApplication app) =>
        app.MapGroup("/api/cases").WithTags("Offices").RequireAuthorization(AccessPolicy.Offices).AuditRequests()
            .MapGet("/{id}/power", Power).Audited("read-power");

    private static async Task<Results<Ok<CasePowerReport>, NotFound<ApiError>, BadRequest<ApiError>, UnprocessableEntity<ApiError>, JsonHttpResult<ApiError>>> Power(
        string id, string? thresholds, HttpContext http, IProfileStore profiles, CasePowerService service, CancellationToken cancellationToken)
    {
        if (await profiles.CaseProvinceAsync(id, cancellationToken) is { } province && !http.Caller().Sees(province))
        {
            return TypedResults.Json(new ApiError($"case {id} is outside the provinces this caller may read"), statusCode: StatusCodes.Status403Forbidden);
        }

        var asked = new List<double>();
        foreach (var text in (thresholds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t) || t <= 0)
            {
                return TypedResults.BadRequest(new ApiError($"thresholds: '{text}' is not an LR above 0 (thresholds=1000,10000)"));
            }

            asked.Add(t);
        }

        try
        {
            return await service.PowerAsync(id, asked, cancellationToken) is { } report
                ? TypedResults.Ok(report)
                : TypedResults.NotFound(new ApiError($"no case {id} (or no reference left in it)"));
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.UnprocessableEntity(new ApiError(e.Message));
        }
    }
}
