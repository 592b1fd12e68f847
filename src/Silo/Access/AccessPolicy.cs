using Matching.Registry.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Matching.Silo.Access;

/// <summary>
/// Who may call which area of the API. Each route group carries one of these policies; a request without a valid
/// API key or token is refused with 401, one whose role the policy does not admit with 403. Province scope is the
/// services' and the queries' concern, on top.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Keys: national administrators.</summary>
    public const string Administration = "administration";

    /// <summary>Profiles, cases, matches, duplicates, power: national administrators and provincial offices.</summary>
    public const string Offices = "offices";

    /// <summary>Registrations and imports, and reading one's own import reports: also lab pipelines.</summary>
    public const string Submissions = "submissions";

    /// <summary>Statistics, searches, settings, research: national administrators and operators.</summary>
    public const string Operations = "operations";

    /// <summary>The audit: national administrators and auditors.</summary>
    public const string Audit = "audit";

    /// <summary>The scheme that picks API keys or the identity provider's tokens by the token's shape.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The identity provider's JWT bearer tokens.</summary>
    public const string IdentityProviderScheme = "IdentityProvider";

    public static IServiceCollection AddRegistryAccess(this IServiceCollection services, IdentityProviderOptions identityProvider)
    {
        var authentication = services.AddAuthentication(Bearer)
            .AddPolicyScheme(Bearer, "API key, identity provider token or page session", scheme => scheme.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddPageSession();
        // A bearer token decides; without one, a page session's cookie; a page without either is sent to sign in,
        // the API answers 401.
        string SchemeFor(HttpContext http)
        {
            if (ApiKeyAuthentication.BearerToken(http.Request) is { } token)
            {
                return !ApiKeySecret.LooksLikeKey(token) && identityProvider.IsConfigured ? IdentityProviderScheme : ApiKeyAuthentication.SchemeName;
            }

            return http.Request.Cookies.ContainsKey(PageSession.CookieName) || !PageSession.IsApi(http.Request)
                ? PageSession.SchemeName
                : ApiKeyAuthentication.SchemeName;
        }

        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(identityProvider));
        if (identityProvider.SignsInPages)
        {
            authentication.AddPageIdentityProvider(identityProvider);
        }

        if (identityProvider.IsConfigured)
        {
            authentication.AddJwtBearer(IdentityProviderScheme, jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.Authority = identityProvider.Authority;
                jwt.Audience = identityProvider.Audience;
                jwt.TokenValidationParameters.ValidAudience = identityProvider.Audience;
                jwt.TokenValidationParameters.NameClaimType = CallerClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = CallerClaims.Role;
                if (identityProvider.Issuer is { Length: > 0 } issuer)
                {
                    jwt.TokenValidationParameters.ValidIssuer = issuer;
                }

                if (identityProvider.SigningKeysFile is { Length: > 0 } file)
                {
                    jwt.TokenValidationParameters.IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(file)).GetSigningKeys();
                }
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Administration, p => Admit(p, AccessRole.NationalAdmin))
            .AddPolicy(Offices, p => Admit(p, AccessRole.NationalAdmin, AccessRole.ProvincialOffice))
            .AddPolicy(Submissions, p => Admit(p, AccessRole.NationalAdmin, AccessRole.ProvincialOffice, AccessRole.LabPipeline))
            .AddPolicy(Operations, p => Admit(p, AccessRole.NationalAdmin, AccessRole.Operator))
            .AddPolicy(Audit, p => Admit(p, AccessRole.NationalAdmin, AccessRole.Auditor));
        return services;
    }

    private static void Admit(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy, params AccessRole[] roles) =>
        policy.AddAuthenticationSchemes(Bearer).RequireAuthenticatedUser().RequireClaim(CallerClaims.Role, roles.Select(AccessRoleNames.Name));
}
