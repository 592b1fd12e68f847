using Matching.Grains;
using Matching.Registry.Stores;
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
        app.MapPost("/api/research", Start);
        app.MapGet("/api/research/{id:long}", async (long id, IResearchStore researches, CancellationToken cancellationToken) =>
            await researches.FindResearchAsync(id, cancellationToken) is { } research ? Results.Ok(View(research)) : Results.NotFound());
    }

    /// <summary>Why the registry is searched again (it is kept with the research, and audited).</summary>
    public sealed record ResearchRequest(string? Reason);

    private static async Task<IResult> Start(ResearchRequest? request, HttpContext http, IResearchStore researches, IMatchStore matches, IGrainFactory grains,
        IOptions<RegistryOptions> options)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return Results.BadRequest(new { error = "a research needs a reason: {\"reason\": \"frequency table updated\"}" });
        }

        var office = RegistryApi.Actor(http);
        var research = await researches.BeginAsync(request.Reason.Trim(), office, options.Value.SettingsId, http.RequestAborted);
        await matches.AuditAsync(office, "research", $"research {research.Id}: {research.Cases} cases", http.RequestAborted);
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
