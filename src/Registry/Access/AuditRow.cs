namespace Matching.Registry.Access;

/// <summary>An audit row as stored: its entry, its place and time, and its link in the chain.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, AuditEntry Entry, string PreviousHash, string Hash);
