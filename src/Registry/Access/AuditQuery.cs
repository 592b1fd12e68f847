namespace Matching.Registry.Access;

/// <summary>
/// A page of the audit: rows about <paramref name="Subject"/> (an id the request concerned), by <paramref name="Actor"/>
/// (the caller's subject), between two times, after the row <paramref name="After"/> (the cursor), at most <paramref name="Limit"/>.
/// </summary>
public sealed record AuditQuery(string? Subject, string? Actor, DateTimeOffset? From, DateTimeOffset? To, long After, int Limit);
