namespace Matching.Registry.Access;

/// <summary>An API key the registry issued, as listed: never its secret, which only its holder has.</summary>
public sealed record ApiKey(long Id, string Name, AccessRole Role, IReadOnlyList<string> Provinces, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>The caller a request with this key acts as.</summary>
    public Caller Caller => new($"key {Id}", Role, Name, Provinces);
}
