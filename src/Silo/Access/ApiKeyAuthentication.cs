using System.Text.Encodings.Web;
using Matching.Registry.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Access;

/// <summary>
/// The registry's own API keys, sent as "Authorization: Bearer mk_…" like any token. A key is found by the hash of
/// its secret; an unknown, expired or revoked key fails, and the failure says which (to the log, never to the caller).
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token || !ApiKeySecret.LooksLikeKey(token))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindByHashAsync(ApiKeySecret.Hash(token), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("unknown API key");
        }

        if (key.RevokedAt is not null)
        {
            return AuthenticateResult.Fail($"API key {key.Id} was revoked");
        }

        if (!key.IsValidAt(TimeProvider.GetUtcNow()))
        {
            return AuthenticateResult.Fail($"API key {key.Id} expired");
        }

        var identity = CallerClaims.Identity(key.Caller, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>The token of an "Authorization: Bearer …" header.</summary>
    public static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
}
