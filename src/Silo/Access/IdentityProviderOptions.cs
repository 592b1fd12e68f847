namespace Matching.Silo.Access;

/// <summary>
/// The state's identity provider (OpenID Connect), whose JWT bearer tokens the registry accepts beside its own API
/// keys. Either an authority (its metadata and keys are fetched from there) or an issuer with a JWKS file of its
/// signing keys (a registry that may not reach the provider). Unset: only API keys are accepted.
/// </summary>
public sealed class IdentityProviderOptions
{
    /// <summary>The provider's address, for OpenID Connect discovery.</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer ("iss") tokens must carry; the authority's by default.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience ("aud") tokens must be for.</summary>
    public string Audience { get; set; } = "matching";

    /// <summary>A JWKS file holding the provider's signing keys, instead of fetching them from the authority.</summary>
    public string? SigningKeysFile { get; set; }

    /// <summary>The registry's client id at the provider: with an authority, the pages offer the provider's sign-in.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client's secret, for a confidential client; a public one signs in with PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    public bool IsConfigured => Authority is { Length: > 0 } || SigningKeysFile is { Length: > 0 };

    /// <summary>Whether the pages offer the provider's sign-in (the authorization code flow): it needs the provider's address and a client id.</summary>
    public bool SignsInPages => Authority is { Length: > 0 } && ClientId is { Length: > 0 };
}
