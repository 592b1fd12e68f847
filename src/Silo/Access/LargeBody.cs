namespace Matching.Silo.Access;

/// <summary>Endpoint metadata: this endpoint takes whole lab files, up to the import limit instead of the default.</summary>
public sealed record LargeBody;
