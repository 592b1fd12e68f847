namespace Matching.Silo.Access;

/// <summary>What a request's audit row records beyond its caller: the ids concerned and the rows returned.</summary>
public sealed class AuditFeature
{
    public List<string> Ids { get; } = [];

    public int Rows { get; set; }

    /// <summary>The row was written (by the endpoint's filter); the refusal middleware writes none.</summary>
    public bool Written { get; set; }
}
