namespace Matching.Registry.Access;

/// <summary>What a walk of the audit's chain found: the rows that held, and the first row that does not (null when all hold) and why.</summary>
public sealed record AuditVerdict(long RowsChecked, long? BrokenRow, string? Reason)
{
    public bool Holds => BrokenRow is null;
}
