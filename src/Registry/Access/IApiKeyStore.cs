namespace Matching.Registry.Access;

/// <summary>Where the registry's API keys are kept, as hashes: PostgreSQL, or memory for --in-memory.</summary>
public interface IApiKeyStore
{
    /// <summary>
    /// Stores a new key's hash; the secret is the caller's to show once. <paramref name="audit"/>, naming the new key,
    /// is written in the same transaction.
    /// </summary>
    Task<ApiKey> CreateAsync(string name, AccessRole role, IReadOnlyList<string> provinces, DateTimeOffset expiresAt, string createdBy, byte[] secretHash,
        AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>The key whose secret has this hash, valid or not (the caller tells expired and revoked apart).</summary>
    Task<ApiKey?> FindByHashAsync(byte[] secretHash, CancellationToken cancellationToken = default);

    Task<ApiKey?> FindAsync(long id, CancellationToken cancellationToken = default);

    Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key, with <paramref name="audit"/> in the same transaction; false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeAsync(long id, string revokedBy, AuditEntry? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Whether any key was ever issued: a registry without one is new, and gets its first administrator key.</summary>
    Task<bool> AnyAsync(CancellationToken cancellationToken = default);
}
