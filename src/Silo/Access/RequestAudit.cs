using Matching.Registry.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Matching.Silo.Access;

/// <summary>
/// One audit row per request: for an <see cref="Audited"/> endpoint, written by its filter after the handler and
/// before its result is sent, so that no answer leaves without its row; for a request refused with 401 or 403
/// before any handler ran, written by the middleware.
/// </summary>
public static class RequestAudit
{
    /// <summary>The ids the request concerned and the rows it returned, for its audit row.</summary>
    public static AuditFeature Audit(this HttpContext http)
    {
        if (http.Features.Get<AuditFeature>() is not { } feature)
        {
            feature = new AuditFeature();
            http.Features.Set(feature);
        }

        return feature;
    }

    public static TBuilder Audited<TBuilder>(this TBuilder endpoint, string action)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new Audited(action));

    /// <summary>Writes the row of an audited endpoint between its handler and its answer.</summary>
    public static RouteGroupBuilder AuditRequests(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<Audited>() is { } audited && !http.Audit().Written)
        {
            var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            await WriteAsync(http, audited.Action, status);
        }

        return result;
    });

    /// <summary>Audits the requests refused before any handler ran: no caller (401), or a role the policy does not admit (403).</summary>
    public static IApplicationBuilder UseRefusalAudit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden && http.Audit() is { Written: false })
        {
            var action = http.GetEndpoint()?.Metadata.GetMetadata<Audited>()?.Action ?? $"{http.Request.Method} {http.Request.Path}";
            await WriteAsync(http, action, http.Response.StatusCode);
        }
    });

    /// <summary>
    /// The row of a successful change, for the store to write in the change's own transaction; the endpoint's filter
    /// then writes none. Null for a request with no verified caller.
    /// </summary>
    public static AuditEntry? ChangeEntry(HttpContext http, IReadOnlyList<string> ids, int status = StatusCodes.Status200OK)
    {
        if (CallerClaims.Caller(http.User) is not { } caller || http.GetEndpoint()?.Metadata.GetMetadata<Audited>() is not { } audited)
        {
            return null;
        }

        var requestId = http.Features.Get<IHttpRequestIdentifierFeature>()?.TraceIdentifier ?? http.TraceIdentifier;
        return AuditEntry.For(caller, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", requestId, audited.Action, ids, 1, status);
    }

    /// <summary>A page's row: what it showed (ids, rows) and how it answered, as an endpoint's filter writes it for the API.</summary>
    public static Task WritePageAsync(HttpContext http, string action, IEnumerable<string> ids, int rows, int status = StatusCodes.Status200OK)
    {
        http.Audit().Ids.AddRange(ids);
        http.Audit().Rows = rows;
        return WriteAsync(http, action, status);
    }

    /// <summary>The row of a change made from a page, for the store to write in the change's own transaction.</summary>
    public static AuditEntry? PageChangeEntry(HttpContext http, string action, IReadOnlyList<string> ids)
    {
        if (CallerClaims.Caller(http.User) is not { } caller)
        {
            return null;
        }

        var requestId = http.Features.Get<IHttpRequestIdentifierFeature>()?.TraceIdentifier ?? http.TraceIdentifier;
        return AuditEntry.For(caller, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", requestId, action, ids, 1, StatusCodes.Status200OK);
    }

    /// <summary>Writes the request's row now, before a long answer (a stream) begins.</summary>
    public static Task WriteNowAsync(HttpContext http, string action) => WriteAsync(http, action, StatusCodes.Status200OK);

    private static async Task WriteAsync(HttpContext http, string action, int status)
    {
        var feature = http.Audit();
        var ids = feature.Ids.Count > 0 ? feature.Ids : [.. http.Request.RouteValues.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "")];
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var requestId = http.Features.Get<IHttpRequestIdentifierFeature>()?.TraceIdentifier ?? http.TraceIdentifier;
        AuditEntry entry;
        if (CallerClaims.Caller(http.User) is { } caller)
        {
            entry = AuditEntry.For(caller, address, requestId, action, ids, feature.Rows, status);
        }
        else
        {
            // Refused before a caller was known: the reason the credential failed, never the credential.
            var failure = (await http.AuthenticateAsync(AccessPolicy.Bearer)).Failure?.Message;
            entry = new AuditEntry("anonymous", "", "", "", address, requestId, failure is null ? action : $"{action} ({failure})", ids, 0, status);
        }

        await http.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(entry, CancellationToken.None);
        feature.Written = true;
    }
}
