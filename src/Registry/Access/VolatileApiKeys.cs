namespace Matching.Registry.Access;

/// <summary>API keys in this process's memory, for --in-memory: the same rules as <see cref="ApiKeyStore"/>.</summary>
public sealed class VolatileApiKeys(IAuditLog audits) : IApiKeyStore
{
    private readonly Lock _lock = new();
    private readonly List<(ApiKey Key, byte[] Hash)> _keys = [];

    public async Task<ApiKey> CreateAsync(string name, AccessRole role, IReadOnlyList<string> provinces, DateTimeOffset expiresAt, string createdBy,
        byte[] secretHash, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        ApiKey key;
        lock (_lock)
        {
            key = new ApiKey(_keys.Count + 1, name, role, [.. provinces], createdBy, DateTimeOffset.UtcNow, expiresAt, null, null);
            _keys.Add((key, secretHash));
        }

        // In memory there is no transaction to share: the row follows the change at once.
        if (audit is not null)
        {
            await audits.AppendAsync(audit with { Ids = [$"key {key.Id}"] }, cancellationToken);
        }

        return key;
    }

    public Task<ApiKey?> FindByHashAsync(byte[] secretHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Where(k => k.Hash.AsSpan().SequenceEqual(secretHash)).Select(k => k.Key).FirstOrDefault());
        }
    }

    public Task<ApiKey?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Select(k => k.Key).FirstOrDefault(k => k.Id == id));
        }
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Select(k => k.Key).ToList());
        }
    }

    public async Task<bool> RevokeAsync(long id, string revokedBy, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var at = _keys.FindIndex(k => k.Key.Id == id);
            if (at < 0 || _keys[at].Key.RevokedAt is not null)
            {
                return false;
            }

            _keys[at] = (_keys[at].Key with { RevokedAt = DateTimeOffset.UtcNow, RevokedBy = revokedBy }, _keys[at].Hash);
        }

        if (audit is not null)
        {
            await audits.AppendAsync(audit, cancellationToken);
        }

        return true;
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Count > 0);
        }
    }
}
