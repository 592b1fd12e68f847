using Matching.Kinship;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>
/// GET and PUT /api/cases/{id}/missing-person: what the family knows of the missing child that the DNA does not say,
/// its sex, which every posterior of the case spreads its prior by (<see cref="Services.EvidenceService"/>).
/// </summary>
public static class MissingPersonApi
{
    public sealed record MissingPersonRequest(string? Sex);

    /// <summary>The missing child as recorded: <c>"M"</c>, <c>"F"</c>, or null where its sex is not known.</summary>
    public sealed record MissingPersonView(string CaseId, string? Sex);

    public static void MapMissingPersonApi(this WebApplication app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Offices").RequireAuthorization(AccessPolicy.Offices).AuditRequests();
        cases.MapGet("/{id}/missing-person", Read).Audited("read-missing-person");
        cases.MapPut("/{id}/missing-person", Record).Audited("record-missing-person");
    }

    private static async Task<Results<Ok<MissingPersonView>, NotFound<ApiError>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Read(string id, HttpContext http, IProfileStore profiles,
        CancellationToken cancellationToken)
    {
        if (await InScopeAsync(id, http, profiles, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        http.Audit().Ids.Add(id);
        return TypedResults.Ok(new MissingPersonView(id, Text(await profiles.MissingSexAsync(id, cancellationToken))));
    }

    private static async Task<Results<Ok<MissingPersonView>, NotFound<ApiError>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Record(string id,
        MissingPersonRequest request, HttpContext http, IProfileStore profiles, CancellationToken cancellationToken)
    {
        if (await InScopeAsync(id, http, profiles, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (!Registry.SexCodes.TryParse(request.Sex, out var sex))
        {
            return TypedResults.BadRequest(new ApiError($"sex: '{request.Sex}' is not a sex; M, F, or unknown (null)"));
        }

        var known = sex ?? Sex.Unknown;
        if (!await profiles.RecordMissingSexAsync(id, known, cancellationToken))
        {
            return TypedResults.NotFound(new ApiError($"no case {id}"));
        }

        http.Audit().Ids.Add(id);
        http.Audit().Rows = 1;
        return TypedResults.Ok(new MissingPersonView(id, Text(known)));
    }

    /// <summary>A 404 for a case never registered, a 403 for another province's; null when the caller may go on.</summary>
    private static async Task<Results<Ok<MissingPersonView>, NotFound<ApiError>, BadRequest<ApiError>, JsonHttpResult<ApiError>>?> InScopeAsync(string id,
        HttpContext http, IProfileStore profiles, CancellationToken cancellationToken)
    {
        if (await profiles.CaseProvinceAsync(id, cancellationToken) is not { } province)
        {
            return TypedResults.NotFound(new ApiError($"no case {id}"));
        }

        if (!http.Caller().Sees(province))
        {
            return RegistryApi.OutsideScope($"case {id}");
        }

        return null;
    }

    private static string? Text(Sex sex) => sex == Sex.Unknown ? null : Registry.SexCodes.Text(sex);
}
