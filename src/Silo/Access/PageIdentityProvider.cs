using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Matching.Silo.Access;

/// <summary>
/// The pages' sign-in at the state's identity provider: OpenID Connect's authorization code flow with PKCE. The
/// provider's ID token names the role, provinces and office in the claims its bearer tokens carry for the API
/// (<see cref="CallerClaims"/>), and the page session it starts carries the same caller, so the same policies decide.
/// A token that names no registry role starts no session.
/// </summary>
public static class PageIdentityProvider
{
    public const string SchemeName = "PageIdentityProvider";

    /// <summary>Where the provider sends the browser back with its code.</summary>
    public const string CallbackPath = "/signin/provider/callback";

    /// <summary>Marks a session the provider started (it has no key to check again); its value is the provider's address.</summary>
    public const string SessionClaim = "matching_identity_provider";

    public static AuthenticationBuilder AddPageIdentityProvider(this AuthenticationBuilder authentication, IdentityProviderOptions provider) =>
        authentication.AddOpenIdConnect(SchemeName, oidc =>
        {
            oidc.Authority = provider.Authority;
            oidc.ClientId = provider.ClientId;
            oidc.ClientSecret = provider.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET: the correlation and nonce cookies can then be Lax, and need no HTTPS.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.UsePkce = true;
            oidc.SignInScheme = PageSession.SchemeName;
            oidc.CallbackPath = CallbackPath;
            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.SaveTokens = false;
            // A provider on this machine (a test's, a demo's) may speak plain HTTP; any other must be reached over HTTPS.
            oidc.RequireHttpsMetadata = !Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) || !authority.IsLoopback;
            oidc.TokenValidationParameters.NameClaimType = CallerClaims.Subject;
            oidc.TokenValidationParameters.RoleClaimType = CallerClaims.Role;
            if (provider.Issuer is { Length: > 0 } issuer)
            {
                oidc.TokenValidationParameters.ValidIssuer = issuer;
            }

            oidc.Events.OnTokenValidated = context => SessionAsync(context, provider.Authority!);
            oidc.Events.OnRemoteFailure = async context =>
            {
                // The failure's kind goes to the audit, not to the browser: the page says only that sign-in failed.
                await RequestAudit.WritePageAsync(context.HttpContext, $"page-sign-in (identity provider: {context.Failure?.GetType().Name})", [], 0,
                    StatusCodes.Status401Unauthorized);
                context.Response.Redirect("/signin?failed=provider");
                context.HandleResponse();
            };
        });

    /// <summary>The page session for a verified ID token: the caller it names, marked as the provider's; none for a token naming no role.</summary>
    private static async Task SessionAsync(TokenValidatedContext context, string authority)
    {
        if (context.Principal is not { } token || CallerClaims.Caller(token) is not { } caller)
        {
            context.Fail("the identity provider's token names no role of the registry");
            return;
        }

        // The token's own subject: the session's caller is marked as the provider's when read (CallerClaims.Caller).
        var identity = CallerClaims.Identity(caller with { Subject = token.FindFirst(CallerClaims.Subject)?.Value ?? "unknown" }, SchemeName);
        identity.AddClaim(new Claim(SessionClaim, authority));
        context.Principal = new ClaimsPrincipal(identity);
        context.HttpContext.User = context.Principal;
        await RequestAudit.WritePageAsync(context.HttpContext, "page-sign-in (identity provider)", [], 0);
    }

    public static void MapPageIdentityProvider(this WebApplication app)
    {
        // The pages' link to the provider; back to a page of this registry only.
        app.MapGet("/signin/provider", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = "/signin/complete?back=" + Uri.EscapeDataString(Pages.Shared.PageLinks.IsLocal(returnUrl) ? returnUrl! : "/") },
            [SchemeName])).AllowAnonymous().ExcludeFromDescription();
        // The session cookie is SameSite=Strict: the redirect chain that began at the provider's site does not carry it, so the
        // browser is sent on from a page of this site, whose navigation does.
        app.MapGet("/signin/complete", (string? back) =>
        {
            var target = System.Net.WebUtility.HtmlEncode(Pages.Shared.PageLinks.IsLocal(back) ? back! : "/");
            return Results.Content($"""
                <!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}"><title>…</title></head>
                <body><p><a href="{target}">Continue · 继续</a></p></body></html>
                """, "text/html; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
