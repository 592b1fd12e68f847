namespace Matching.Registry.Access;

/// <summary>
/// One request that read or changed DNA data, a key or a decision, or was refused: who (the verified caller), from
/// where, which request, what it did, to which ids, how many rows it returned, and its HTTP status. Never the DNA.
/// </summary>
public sealed record AuditEntry(string Subject, string Role, string Office, string Provinces, string ClientAddress, string RequestId, string Action,
    IReadOnlyList<string> Ids, int Rows, int Outcome)
{
    public static AuditEntry For(Caller caller, string clientAddress, string requestId, string action, IReadOnlyList<string> ids, int rows, int outcome) =>
        new(caller.Subject, AccessRoleNames.Name(caller.Role), caller.Office, string.Join(",", caller.Provinces), clientAddress, requestId, action, ids, rows, outcome);
}
