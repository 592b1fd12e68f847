using Matching.Registry.Access;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>The review of candidates by provincial offices, and each candidate's match report.</summary>
public static class ReviewApi
{
    /// <summary>A transition: the state to reach, why, and what that state needs (<see cref="ReviewRules"/>).</summary>
    public sealed record ReviewRequest(string? State, string? Reason, string? AssignedTo, List<string>? Relatives, string? LabReference, int? ExpectedVersion);

    public sealed record ReviewPage(List<ReviewView> Reviews, string? Next);

    public sealed record ReviewWithHistory(ReviewView Review, List<ReviewEventView> History);

    public static void MapReviewApi(this WebApplication app)
    {
        var offices = app.MapGroup("/api").WithTags("Reviews").RequireAuthorization(AccessPolicy.Offices).AuditRequests();
        offices.MapGet("/reviews", List).Audited("read-reviews");
        offices.MapGet("/cases/{caseId}/candidates/{profileId}/review", Read).Audited("read-review");
        offices.MapPost("/cases/{caseId}/candidates/{profileId}/review", Transition).Audited("review");
        offices.MapGet("/cases/{caseId}/candidates/{profileId}/report", Report).Audited("read-report");
    }

    private static async Task<Results<Ok<ReviewPage>, BadRequest<ApiError>>> List(string? state, string? after, int? limit, HttpContext http, IReviewStore reviews)
    {
        ReviewState? wanted = null;
        if (state is { Length: > 0 })
        {
            if (!ReviewStateNames.TryParse(state, out var parsed))
            {
                return TypedResults.BadRequest(new ApiError($"state: '{state}' is not a review state; one of {string.Join(", ", ReviewStateNames.All)}"));
            }

            wanted = parsed;
        }

        (string, string)? cursor = null;
        if (after is { Length: > 0 } && (cursor = PageCursor.Decode(after, 2) is [var c, var p] ? (c, p) : null) is null)
        {
            return TypedResults.BadRequest(new ApiError($"after: '{after}' is not a cursor this registry gave"));
        }

        var size = Math.Clamp(limit ?? 100, 1, RegistryApi.MostPerPage);
        var page = await reviews.PageAsync(new ReviewQuery(wanted, http.Caller().ProvinceFilter, cursor, size), http.RequestAborted);
        http.Audit().Ids.AddRange(page.SelectMany(r => new[] { r.Review.CaseId, r.Review.ProfileId }).Distinct(StringComparer.Ordinal));
        http.Audit().Rows = page.Count;
        var views = page.Select(r => r.Review.Version == 0 ? ReviewView.Unreviewed(r.Review.CaseId, r.Review.ProfileId, r.LrNow) : ReviewView.Of(r.Review, r.LrNow)).ToList();
        return TypedResults.Ok(new ReviewPage(views, page.Count == size ? PageCursor.Encode(page[^1].Review.CaseId, page[^1].Review.ProfileId) : null));
    }

    private static async Task<Results<Ok<ReviewWithHistory>, NotFound<ApiError>, JsonHttpResult<ApiError>>> Read(string caseId, string profileId, HttpContext http,
        ReviewService service)
    {
        var pair = await service.PairAsync(caseId, profileId, http.RequestAborted);
        http.Audit().Ids.AddRange([caseId, profileId]);
        if (!pair.SeenBy(http.Caller()))
        {
            return Refused(pair);
        }

        if (await service.CurrentAsync(pair, http.RequestAborted) is not var (review, history))
        {
            return TypedResults.NotFound(new ApiError($"person {profileId} has never been a candidate of case {caseId}"));
        }

        http.Audit().Rows = 1;
        return TypedResults.Ok(new ReviewWithHistory(review, [.. history.Select(ReviewEventView.Of)]));
    }

    private static async Task<Results<Ok<ReviewView>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> Transition(
        string caseId, string profileId, ReviewRequest request, HttpContext http, ReviewService service)
    {
        var caller = http.Caller();
        var pair = await service.PairAsync(caseId, profileId, http.RequestAborted);
        http.Audit().Ids.AddRange([caseId, profileId]);
        if (!pair.SeenBy(caller))
        {
            return Refused(pair);
        }

        if (!ReviewStateNames.TryParse(request.State, out var to))
        {
            return TypedResults.BadRequest(new ApiError($"state: '{request.State}' is not a review state; one of {string.Join(", ", ReviewStateNames.All)}"));
        }

        var change = new ReviewChange(to, request.Reason ?? "", request.AssignedTo, request.Relatives, request.LabReference, request.ExpectedVersion);
        var result = await service.TransitionAsync(caller, pair, change, RequestAudit.ChangeEntry(http, [caseId, profileId]), http.RequestAborted);
        switch (result.Outcome)
        {
            case ReviewOutcome.NoCandidate:
                return TypedResults.NotFound(new ApiError($"person {profileId} has never been a candidate of case {caseId}"));
            case ReviewOutcome.Refused:
                return TypedResults.BadRequest(new ApiError(result.Problem!));
            case ReviewOutcome.Conflict:
                return TypedResults.Conflict(new ApiError(result.Problem!));
        }

        // The decision's audit row was written in the decision's transaction.
        http.Audit().Written = true;
        var current = await service.CurrentAsync(pair, http.RequestAborted);
        return TypedResults.Ok(current!.Value.View);
    }

    private static async Task<Results<Ok<MatchReport>, NotFound<ApiError>, JsonHttpResult<ApiError>>> Report(string caseId, string profileId, HttpContext http,
        ReviewService reviews, MatchReportService reports)
    {
        var caller = http.Caller();
        var pair = await reviews.PairAsync(caseId, profileId, http.RequestAborted);
        http.Audit().Ids.AddRange([caseId, profileId]);
        if (!pair.SeenBy(caller))
        {
            return Refused(pair);
        }

        if (!pair.Exists || await reports.ReportAsync(caller, pair, http.RequestAborted) is not { } report)
        {
            return TypedResults.NotFound(new ApiError($"person {profileId} has never been a candidate of case {caseId}"));
        }

        http.Audit().Rows = 1;
        return TypedResults.Ok(report);
    }

    /// <summary>403 for a pair of other provinces; 404 when neither side exists, which tells a caller nothing another province holds.</summary>
    private static JsonHttpResult<ApiError> Refused(CandidatePair pair) => pair.CaseProvince is null && pair.PersonProvince is null
        ? TypedResults.Json(new ApiError($"no case {pair.CaseId} with a candidate {pair.ProfileId}"), statusCode: StatusCodes.Status404NotFound)
        : RegistryApi.OutsideScope($"case {pair.CaseId} and person {pair.ProfileId}");
}
