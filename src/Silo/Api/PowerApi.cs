using System.Globalization;
using Matching.Silo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>GET /api/cases/{id}/power: what the case's references can show (<see cref="CasePowerService"/>).</summary>
public static class PowerApi
{
    public static void MapPowerApi(this WebApplication app) => app.MapGet("/api/cases/{id}/power", Power);

    private static async Task<Results<Ok<CasePowerReport>, NotFound<ApiError>, BadRequest<ApiError>, UnprocessableEntity<ApiError>>> Power(
        string id, string? thresholds, CasePowerService service, CancellationToken cancellationToken)
    {
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
