using Matching.Registry.Access;

namespace Matching.Silo.Services;

/// <summary>Issuing and revoking the registry's API keys: the rules of a key, apart from where keys are kept.</summary>
public sealed class ApiKeyService(IApiKeyStore keys, TimeProvider clock)
{
    /// <summary>How long a key is valid unless its issuer says otherwise.</summary>
    public const int DefaultDays = 365;

    /// <summary>A new key and its secret, which is shown this once; a reason instead when the request cannot make one.</summary>
    public async Task<(ApiKey? Key, string? Secret, string? Refusal)> CreateAsync(string? name, string? roleName, IReadOnlyList<string>? provinces, int? days,
        string createdBy, AuditEntry? audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, null, "name: a key needs a name that says whose it is (\"Chengdu office\")");
        }

        if (!AccessRoleNames.TryParse(roleName, out var role))
        {
            return (null, null, $"role: '{roleName}' is not a role; one of {string.Join(", ", AccessRoleNames.All)}");
        }

        var bound = (provinces ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (AccessRoleNames.IsProvincial(role) && bound.Count == 0)
        {
            return (null, null, $"provinces: a {AccessRoleNames.Name(role)} key acts in named provinces; give at least one");
        }

        if (!AccessRoleNames.IsProvincial(role) && bound.Count > 0)
        {
            return (null, null, $"provinces: a {AccessRoleNames.Name(role)} key is not bound to provinces; give none");
        }

        if (days is <= 0 or > 3660)
        {
            return (null, null, "expiresInDays: between 1 and 3660");
        }

        var secret = ApiKeySecret.New();
        var key = await keys.CreateAsync(name.Trim(), role, bound, clock.GetUtcNow().AddDays(days ?? DefaultDays), createdBy, ApiKeySecret.Hash(secret),
            audit, cancellationToken);
        return (key, secret, null);
    }
}
