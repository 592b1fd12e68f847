using System.Globalization;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>GET /api/cases/{id}/power[?thresholds=&amp;relatives=false]: what the case's references can show, and which relative to ask for next (<see cref="CasePowerService"/>).</summary>
public static class PowerApi
{
    public static void MapPowerApi(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Offices").RequireAuthorization(AccessPolicy.Offices).AuditRequests();
        cases.MapGet("/{id}/power", Power).Audited("read-power");
        cases.MapGet("/", Weakest).Audited("read-case-power");
    }

    /// <summary>A case's power as the background last worked it out, with the unrelated persons expected above the level now.</summary>
    public sealed record CasePowerLine(string CaseId, int Revision, double Threshold, double TrueChild, double Unrelated, double ExpectedUnrelatedAbove,
        double? MedianLog10Lr, double? P05Log10Lr, DateTimeOffset ComputedAt);

    public sealed record CasePowerPage(List<CasePowerLine> Cases, string? Next);

    /// <summary>
    /// GET /api/cases?power=weak: the caller's cases whose true child would reach LR 10,000 with a probability below
    /// <paramref name="below"/> (default 0.5), weakest first: whom to ask for more relatives first.
    /// </summary>
    private static async Task<Results<Ok<CasePowerPage>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Weakest(string? power, double? below, string? after,
        int? limit, HttpContext http, RegisteredPersons registered, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<Registry.Power.CasePowerStore>() is not { } store)
        {
            return TypedResults.Json(new ApiError("case power is kept in PostgreSQL; a registry run --in-memory has none"), statusCode: StatusCodes.Status501NotImplemented);
        }

        if (power != "weak")
        {
            return TypedResults.BadRequest(new ApiError($"power: '{power}' is not a selection; ?power=weak lists the cases that cannot reach LR {CasePowerRefresher.Level:N0}"));
        }

        if (below is { } b && (!double.IsFinite(b) || b is <= 0 or > 1))
        {
            return TypedResults.BadRequest(new ApiError("below: a probability in (0, 1]"));
        }

        (double, string)? cursor = null;
        if (after is { Length: > 0 })
        {
            if (PageCursor.Decode(after, 2) is not [var weakest, var caseId] || !double.TryParse(weakest, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
            {
                return TypedResults.BadRequest(new ApiError($"after: '{after}' is not a cursor this registry gave"));
            }

            cursor = (t, caseId);
        }

        var size = Math.Clamp(limit ?? 100, 1, RegistryApi.MostPerPage);
        var found = await store.WeakestAsync(below ?? 0.5, http.Caller().ProvinceFilter, cursor, size, cancellationToken);
        var persons = (await registered.BySexAsync(cancellationToken)).Total;
        http.Audit().Ids.AddRange(found.Select(f => f.CaseId));
        http.Audit().Rows = found.Count;
        var next = found.Count == size
            ? PageCursor.Encode(found[^1].TrueChild.ToString("R", CultureInfo.InvariantCulture), found[^1].CaseId)
            : null;
        return TypedResults.Ok(new CasePowerPage([.. found.Select(f => new CasePowerLine(f.CaseId, f.Revision, f.Threshold, f.TrueChild, f.Unrelated,
            f.Unrelated * persons, f.MedianLog10Lr, f.P05Log10Lr, f.ComputedAt))], next));
    }

    private static async Task<Results<Ok<CasePowerReport>, NotFound<ApiError>, BadRequest<ApiError>, UnprocessableEntity<ApiError>, JsonHttpResult<ApiError>>> Power(
        string id, string? thresholds, bool? relatives, HttpContext http, IProfileStore profiles, CasePowerService service, CancellationToken cancellationToken)
    {
        if (await profiles.CaseProvinceAsync(id, cancellationToken) is { } province && !http.Caller().Sees(province))
        {
            return RegistryApi.OutsideScope($"case {id}");
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
            return await service.PowerAsync(id, asked, relatives ?? true, cancellationToken) is { } report
                ? TypedResults.Ok(report)
                : TypedResults.NotFound(new ApiError($"no case {id} (or no reference left in it)"));
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.UnprocessableEntity(new ApiError(e.Message));
        }
    }
}
