namespace Matching.Registry.Access;

/// <summary>The audit: rows are only ever added; the chain shows a row changed or removed afterwards.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    Task<List<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every row in id order, for the chain's check.</summary>
    IAsyncEnumerable<AuditRow> AllAsync(CancellationToken cancellationToken = default);
}
