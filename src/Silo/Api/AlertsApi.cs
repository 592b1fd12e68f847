using System.Globalization;
using System.Text.Json;
using Matching.Registry.Access;
using Matching.Registry.Alerts;
using Matching.Silo.Access;
using Matching.Silo.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>
/// Alerts of new candidates: offices subscribe webhooks for their provinces and read a live stream (server-sent
/// events); administrators read and resend the dead letters.
/// </summary>
public static class AlertsApi
{
    public sealed record SubscriptionRequest(string? Url, double? MinLr, List<string>? Provinces);

    public sealed record SubscriptionView(long Id, string Office, IReadOnlyList<string> Provinces, string Url, double MinLr, string CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

    /// <summary>A new subscription and the secret its webhooks are signed with, shown this once.</summary>
    public sealed record NewSubscription(SubscriptionView Subscription, string Secret);

    /// <summary>An alert as the stream sends it: the pair and its LR, no genotype.</summary>
    public sealed record AlertView(long Id, string CaseId, string ProfileId, double Lr, double Log10Lr, DateTimeOffset At);

    public sealed record DeadLetterView(long AlertId, long SubscriptionId, string Url, string CaseId, string ProfileId, int Attempts, string? LastError,
        DateTimeOffset DeadAt);

    public sealed record Revived(int Deliveries);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapAlertsApi(this WebApplication app)
    {
        var offices = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(AccessPolicy.Offices).AuditRequests();
        offices.MapPost("/subscriptions", Subscribe).Audited("subscribe-alerts");
        offices.MapGet("/subscriptions", Subscriptions).Audited("list-alert-subscriptions");
        offices.MapDelete("/subscriptions/{id:long}", Cancel).Audited("cancel-alert-subscription");

        // A stream lasts as long as the page that reads it: its row is written as it opens.
        app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(AccessPolicy.Offices).MapGet("/stream", Stream);

        var administration = app.MapGroup("/api/alerts/dead-letters").WithTags("Alerts").RequireAuthorization(AccessPolicy.Administration).AuditRequests();
        administration.MapGet("/", DeadLetters).Audited("read-dead-letters");
        administration.MapPost("/retry", Revive).Audited("retry-dead-letters");
    }

    private static AlertStore? Store(HttpContext http) => http.RequestServices.GetService<AlertStore>();

    private static JsonHttpResult<ApiError> NotKept() =>
        TypedResults.Json(new ApiError("alerts are kept in PostgreSQL; a registry run --in-memory has none"), statusCode: StatusCodes.Status501NotImplemented);

    private static async Task<Results<Created<NewSubscription>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> Subscribe(SubscriptionRequest request, HttpContext http)
    {
        if (Store(http) is not { } store)
        {
            return NotKept();
        }

        var caller = http.Caller();
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return TypedResults.BadRequest(new ApiError($"url: '{request.Url}' is not an absolute http(s) address of the office's webhook"));
        }

        if (request.MinLr is { } min && (!double.IsFinite(min) || min <= 0))
        {
            return TypedResults.BadRequest(new ApiError($"minLr: {min.ToString(CultureInfo.InvariantCulture)} is not an LR above 0"));
        }

        var asked = (request.Provinces ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (asked.FirstOrDefault(p => !caller.Sees(p)) is { } outside)
        {
            return RegistryApi.OutsideScope($"provinces: {outside}");
        }

        // A provincial office hears of its own provinces unless it names fewer; an administrator of every province unless it names some.
        var provinces = asked.Count > 0 || caller.SeesEveryProvince ? asked : [.. caller.Provinces];
        var secret = WebhookSignature.NewSecret();
        var subscription = await store.SubscribeAsync(caller.Office, provinces, url.ToString(), request.MinLr ?? AlertLevels.Default, secret, caller.Subject,
            http.RequestAborted);
        http.Audit().Ids.Add($"subscription {subscription.Id}");
        return TypedResults.Created($"/api/alerts/subscriptions/{subscription.Id}", new NewSubscription(View(subscription), secret));
    }

    private static async Task<Results<Ok<List<SubscriptionView>>, JsonHttpResult<ApiError>>> Subscriptions(HttpContext http, CancellationToken cancellationToken)
    {
        if (Store(http) is not { } store)
        {
            return NotKept();
        }

        var caller = http.Caller();
        var found = await store.SubscriptionsAsync(caller.ProvinceFilter, cancellationToken);
        http.Audit().Rows = found.Count;
        return TypedResults.Ok(found.Select(View).ToList());
    }

    private static async Task<Results<NoContent, NotFound<ApiError>, JsonHttpResult<ApiError>>> Cancel(long id, HttpContext http)
    {
        if (Store(http) is not { } store)
        {
            return NotKept();
        }

        var caller = http.Caller();
        http.Audit().Ids.Add($"subscription {id}");
        // An office cancels what covers only its provinces; a country-wide subscription is an administrator's.
        var subscription = (await store.SubscriptionsAsync(caller.ProvinceFilter, http.RequestAborted)).FirstOrDefault(s => s.Id == id);
        if (subscription is null || subscription.CancelledAt is not null)
        {
            return TypedResults.NotFound(new ApiError($"no active subscription {id} of this caller's provinces"));
        }

        if (!caller.SeesEveryProvince && subscription.Provinces.Any(p => !caller.Sees(p)))
        {
            return TypedResults.Json(new ApiError($"subscription {id} covers provinces outside this caller's"), statusCode: StatusCodes.Status403Forbidden);
        }

        await store.CancelAsync(id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// New candidates of the caller's provinces at or above <paramref name="minLr"/> (default 10,000), as server-sent
    /// events of type "candidate" whose id is the alert's: after Last-Event-ID (or ?after=) when given, else from now.
    /// The headers go at once, so a page knows the stream is open before the first candidate.
    /// </summary>
    private static async Task Stream(double? minLr, long? after, HttpContext http, IOptions<AlertOptions> options)
    {
        if (Store(http) is not { } store)
        {
            await NotKept().ExecuteAsync(http);
            return;
        }

        var caller = http.Caller();
        var cancellationToken = http.RequestAborted;
        var next = long.TryParse(http.Request.Headers["Last-Event-ID"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last
            : after ?? await store.LastAlertIdAsync(cancellationToken);
        await RequestAudit.WriteNowAsync(http, "alert-stream");
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var alerts = await store.AlertsAfterAsync(next, minLr ?? AlertLevels.Default, caller.ProvinceFilter, 100, cancellationToken);
                foreach (var alert in alerts)
                {
                    next = alert.Id;
                    var data = JsonSerializer.Serialize(new AlertView(alert.Id, alert.CaseId, alert.ProfileId, alert.Lr, Math.Log10(alert.Lr), alert.At), Json);
                    await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {alert.Id}\nevent: candidate\ndata: {data}\n\n"), cancellationToken);
                }

                await http.Response.Body.FlushAsync(cancellationToken);
                if (alerts.Count == 0)
                {
                    await Task.Delay(options.Value.Poll, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static async Task<Results<Ok<List<DeadLetterView>>, JsonHttpResult<ApiError>>> DeadLetters(HttpContext http, CancellationToken cancellationToken)
    {
        if (Store(http) is not { } store)
        {
            return NotKept();
        }

        var dead = await store.DeadLettersAsync(cancellationToken);
        http.Audit().Rows = dead.Count;
        return TypedResults.Ok(dead.Select(d => new DeadLetterView(d.AlertId, d.SubscriptionId, d.Url, d.CaseId, d.ProfileId, d.Attempts, d.LastError, d.DeadAt)).ToList());
    }

    private static async Task<Results<Ok<Revived>, JsonHttpResult<ApiError>>> Revive(long? subscription, HttpContext http)
    {
        if (Store(http) is not { } store)
        {
            return NotKept();
        }

        var revived = await store.ReviveAsync(subscription, http.RequestAborted);
        http.Audit().Rows = revived;
        return TypedResults.Ok(new Revived(revived));
    }

    private static SubscriptionView View(AlertSubscription s) => new(s.Id, s.Office, s.Provinces, s.Url, s.MinimumLr, s.CreatedBy, s.CreatedAt, s.CancelledAt);
}
