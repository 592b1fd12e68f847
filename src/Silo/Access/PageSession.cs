using System.Security.Claims;
using Matching.Registry.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Matching.Silo.Access;

/// <summary>
/// The offices' pages sign in with an API key and keep a cookie session carrying the same caller (role, provinces,
/// office) the key gives the API, so the same policies decide. The cookie is HttpOnly and SameSite=Strict (a page of
/// another site cannot send it), lives 8 hours, and is checked against its key on every request: a revoked or
/// expired key ends the session at once.
/// </summary>
public static class PageSession
{
    public const string SchemeName = "PageSession";

    public const string CookieName = "matching.session";

    /// <summary>The id of the key a session was started with (never its secret).</summary>
    public const string KeyClaim = "matching_key";

    public static AuthenticationBuilder AddPageSession(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
            cookie.LoginPath = "/signin";
            cookie.AccessDeniedPath = "/forbidden";
            cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = ValidateAsync;
        });

    /// <summary>Whether a request is for the API, the probes or the metrics, which answer with a status, never with a page.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/metrics");

    /// <summary>A session's principal for a valid key: the API's own claims, the key's id, and the scheme the caller is read with.</summary>
    public static ClaimsPrincipal Principal(ApiKey key)
    {
        var identity = CallerClaims.Identity(key.Caller, ApiKeyAuthentication.SchemeName);
        identity.AddClaim(new Claim(KeyClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var provider = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityProviderOptions>>().Value;
        if (context.Principal?.FindFirst(PageIdentityProvider.SessionClaim)?.Value is { } authority && provider.SignsInPages && authority == provider.Authority)
        {
            // Started by the identity provider this silo trusts (it has no key to check again): it lasts its eight hours.
            return;
        }

        var keys = context.HttpContext.RequestServices.GetRequiredService<IApiKeyStore>();
        var time = context.HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var key = long.TryParse(context.Principal?.FindFirst(KeyClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await keys.FindAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (key is null || key.RevokedAt is not null || !key.IsValidAt(time.GetUtcNow()))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
    }
}
