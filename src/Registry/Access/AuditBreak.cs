namespace Matching.Registry.Access;

/// <summary>The first audit row where the chain does not hold, after how many rows held, and why.</summary>
public sealed record AuditBreak(long RowId, long RowsBefore, string Reason);
