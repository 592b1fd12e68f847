using Matching.Registry.Access;
using Matching.Silo.Access;
using Matching.Silo.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Silo.Api;

/// <summary>The registry's API keys, for national administrators: issue (the secret is shown once), list, revoke.</summary>
public static class KeysApi
{
    public sealed record KeyRequest(string? Name, string? Role, List<string>? Provinces, int? ExpiresInDays);

    public sealed record KeyView(long Id, string Name, string Role, IReadOnlyList<string> Provinces, string CreatedBy, DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, bool Valid);

    public sealed record IssuedKey(KeyView Key, string Secret);

    public static void MapKeysApi(this WebApplication app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(AccessPolicy.Administration).AuditRequests();
        keys.MapPost("/", Create).Audited("create-key");
        keys.MapGet("/", List).Audited("list-keys");
        keys.MapPost("/{id:long}/revoke", Revoke).Audited("revoke-key");
    }

    private static async Task<Results<Created<IssuedKey>, BadRequest<ApiError>>> Create(KeyRequest request, HttpContext http, ApiKeyService service,
        TimeProvider clock)
    {
        var (key, secret, refusal) = await service.CreateAsync(request.Name, request.Role, request.Provinces, request.ExpiresInDays, http.Caller().Subject,
            RequestAudit.ChangeEntry(http, [], StatusCodes.Status201Created), http.RequestAborted);
        if (key is null)
        {
            return TypedResults.BadRequest(new ApiError(refusal!));
        }

        // The key and its audit row were written in one transaction.
        http.Audit().Written = true;
        return TypedResults.Created($"/api/keys/{key.Id}", new IssuedKey(View(key, clock), secret!));
    }

    private static async Task<Ok<List<KeyView>>> List(HttpContext http, IApiKeyStore keys, TimeProvider clock)
    {
        var all = await keys.ListAsync(http.RequestAborted);
        http.Audit().Rows = all.Count;
        return TypedResults.Ok(all.Select(k => View(k, clock)).ToList());
    }

    private static async Task<Results<Ok<KeyView>, NotFound<ApiError>>> Revoke(long id, HttpContext http, IApiKeyStore keys, TimeProvider clock)
    {
        http.Audit().Ids.Add($"key {id}");
        if (!await keys.RevokeAsync(id, http.Caller().Subject, RequestAudit.ChangeEntry(http, [$"key {id}"]), http.RequestAborted))
        {
            return TypedResults.NotFound(new ApiError($"no key {id} that is not revoked already"));
        }

        http.Audit().Written = true;

        return TypedResults.Ok(View((await keys.FindAsync(id, http.RequestAborted))!, clock));
    }

    private static KeyView View(ApiKey key, TimeProvider clock) => new(key.Id, key.Name, AccessRoleNames.Name(key.Role), key.Provinces, key.CreatedBy,
        key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.RevokedBy, key.IsValidAt(clock.GetUtcNow()));
}
