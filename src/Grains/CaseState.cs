namespace Matching.Grains;

/// <summary>
/// What a case grain keeps: which profiles the case holds in which roles, a digest of their DNA, and the registry's
/// revision of the case when they last changed. The DNA itself stays in PostgreSQL.
/// </summary>
public sealed class CaseState
{
    public List<CaseMember> References { get; set; } = [];

    public string Digest { get; set; } = "";

    public int Revision { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
