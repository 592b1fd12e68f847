using Matching.Grains;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>
/// Searching the whole registry again, after the frequency table, θ or the mutation model changed (the silos restarted
/// with the new settings): POST /api/research starts it in the background, GET /api/research/{id} shows its progress.
/// </summary>
public static class ResearchApi
{
    public static void MapResearchApi(this WebApplication app)
    {
        var research = app.MapGroup("/api/research").WithTags("Operations").RequireAuthorization(AccessPolicy.Operations).AuditRequests();
        research.MapPost("/", Start).Audited("research").RequireRateLimiting(RequestRates.Research);
        research.MapGet("/{id:long}", async (long id, IResearchStore researches, CancellationToken cancellationToken) =>
            await researches.FindResearchAsync(id, cancellationToken) is { } found ? Results.Ok(View(found)) : Results.NotFound(new ApiError($"no research {id}")));
    }

    /// <summary>Why the registry is searched again (it is kept with the research, and audited).</summary>
    public sealed record ResearchRequest(string? Reason);

    private static async Task<IResult> Start(ResearchRequest? request, HttpContext http, IResearchStore researches, IGrainFactory grains,
        IOptions<RegistryOptions> options)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return Results.BadRequest(new ApiError("a research needs a reason: {\"reason\": \"frequency table updated\"}"));
        }

        var caller = http.Caller();
        var research = await researches.BeginAsync(request.Reason.Trim(), $"{caller.Office} ({caller.Subject})", options.Value.SettingsId, http.RequestAborted);
        http.Audit().Ids.Add($"research {research.Id}");
        http.Audit().Rows = research.Cases;
        await grains.GetGrain<IResearchGrain>(research.Id).Resume();
        return Results.Accepted($"/api/research/{research.Id}", View(research));
    }

    private static object View(Research research) => new
    {
        id = research.Id,
        reason = research.Reason,
        requestedBy = research.RequestedBy,
        settingsId = research.SettingsId,
        requestedAt = research.RequestedAt,
        cases = research.Cases,
        completed = research.Completed,
        done = research.CompletedAt is not null,
        completedAt = research.CompletedAt,
    };
}
