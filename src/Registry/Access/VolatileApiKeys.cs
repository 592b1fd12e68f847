namespace Matching.Registry.Access;

/// <summary>API keys in this process's memory, for --in-memory: the same rules as <see cref="ApiKeyStore"/>.</summary>
public sealed class VolatileApiKeys : IApiKeyStore
{
    private readonly Lock _lock = new();
    private readonly List<(ApiKey Key, byte[] Hash)> _keys = [];

    public Task<ApiKey> CreateAsync(string name, AccessRole role, IReadOnlyList<string> provinces, DateTimeOffset expiresAt, string createdBy,
        byte[] secretHash, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = new ApiKey(_keys.Count + 1, name, role, [.. provinces], createdBy, DateTimeOffset.UtcNow, expiresAt, null, null);
            _keys.Add((key, secretHash));
            return Task.FromResult(key);
        }
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

    public Task<bool> RevokeAsync(long id, string revokedBy, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var at = _keys.FindIndex(k => k.Key.Id == id);
            if (at < 0 || _keys[at].Key.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            _keys[at] = (_keys[at].Key with { RevokedAt = DateTimeOffset.UtcNow, RevokedBy = revokedBy }, _keys[at].Hash);
            return Task.FromResult(true);
        }
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keys.Count > 0);
        }
    }
}
