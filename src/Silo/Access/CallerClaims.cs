using System.Security.Claims;
using Matching.Registry.Access;

namespace Matching.Silo.Access;

/// <summary>
/// The claims a verified caller carries, from an API key or from the identity provider's token: the role, the
/// provinces it acts in, and its office. A token names them in these claims too (the IdP's mapping, docs/security.md).
/// </summary>
public static class CallerClaims
{
    public const string Role = "matching_role";
    public const string Province = "matching_province";
    public const string Office = "matching_office";
    public const string Subject = "sub";

    public static ClaimsIdentity Identity(Caller caller, string scheme)
    {
        var claims = new List<Claim>
        {
            new(Subject, caller.Subject),
            new(Role, AccessRoleNames.Name(caller.Role)),
            new(Office, caller.Office),
        };
        claims.AddRange(caller.Provinces.Select(p => new Claim(Province, p)));
        return new ClaimsIdentity(claims, scheme, Subject, Role);
    }

    /// <summary>The caller a principal stands for; null when it names no role the registry knows.</summary>
    public static Caller? Caller(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || !AccessRoleNames.TryParse(principal.FindFirst(Role)?.Value, out var role))
        {
            return null;
        }

        var subject = principal.FindFirst(Subject)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        var office = principal.FindFirst(Office)?.Value ?? principal.FindFirst("name")?.Value ?? subject;
        // A key's subject is "key N"; a token's is the identity provider's, marked so the two cannot be confused.
        if (principal.Identity.AuthenticationType != ApiKeyAuthentication.SchemeName)
        {
            subject = "oidc " + subject;
        }

        return new Caller(subject, role, office, [.. principal.FindAll(Province).Select(c => c.Value).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The request's caller; the endpoints behind a policy always have one.</summary>
    public static Caller Caller(this HttpContext http) =>
        Caller(http.User) ?? throw new InvalidOperationException("an endpoint behind a policy was reached without a caller");
}
