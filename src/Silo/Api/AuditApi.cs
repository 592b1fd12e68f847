using System.Globalization;
using Matching.Registry.Access;
using Matching.Silo.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>The audit, for auditors: its rows, filtered and paged, and the check of its hash chain.</summary>
public static class AuditApi
{
    public sealed record AuditRowView(long Id, DateTimeOffset At, string Subject, string Role, string Office, string Provinces, string ClientAddress,
        string RequestId, string Action, IReadOnlyList<string> Ids, int Rows, int Outcome, string Hash);

    public sealed record AuditPage(List<AuditRowView> Rows, string? Next);

    /// <summary>Whether the chain holds; where it does not, the first row that breaks it and why.</summary>
    public sealed record AuditVerification(bool Holds, long RowsChecked, long? BrokenRow, string? Reason);

    public static void MapAuditApi(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AccessPolicy.Audit).AuditRequests();
        audit.MapGet("/", Read).Audited("read-audit");
        audit.MapGet("/verify", Verify).Audited("verify-audit");
    }

    private static async Task<Results<Ok<AuditPage>, BadRequest<ApiError>>> Read(string? subject, string? actor, DateTimeOffset? from, DateTimeOffset? to,
        string? after, int? limit, HttpContext http, IAuditLog log)
    {
        long cursor = 0;
        if (after is { Length: > 0 } && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            return TypedResults.BadRequest(new ApiError($"after: '{after}' is not a cursor this registry gave"));
        }

        var size = Math.Clamp(limit ?? 100, 1, 1000);
        var rows = await log.ListAsync(new AuditQuery(Blank(subject), Blank(actor), from, to, cursor, size), http.RequestAborted);
        http.Audit().Rows = rows.Count;
        if (subject is { Length: > 0 })
        {
            http.Audit().Ids.Add(subject);
        }

        return TypedResults.Ok(new AuditPage([.. rows.Select(r => new AuditRowView(r.Id, r.At, r.Entry.Subject, r.Entry.Role, r.Entry.Office, r.Entry.Provinces,
            r.Entry.ClientAddress, r.Entry.RequestId, r.Entry.Action, r.Entry.Ids, r.Entry.Rows, r.Entry.Outcome, r.Hash))],
            rows.Count == size ? rows[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static async Task<Ok<AuditVerification>> Verify(HttpContext http, IAuditLog log)
    {
        var verdict = await AuditChain.VerifyAsync(log.AllAsync(http.RequestAborted), http.RequestAborted);
        http.Audit().Rows = (int)Math.Min(verdict.RowsChecked, int.MaxValue);
        return TypedResults.Ok(new AuditVerification(verdict.Holds, verdict.RowsChecked, verdict.BrokenRow, verdict.Reason));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
