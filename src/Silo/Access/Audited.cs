namespace Matching.Silo.Access;

/// <summary>Endpoint metadata: every request to this endpoint writes one audit row, under this action.</summary>
public sealed record Audited(string Action);
