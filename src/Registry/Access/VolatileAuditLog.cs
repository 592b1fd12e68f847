using System.Runtime.CompilerServices;

namespace Matching.Registry.Access;

/// <summary>The audit in this process's memory, for --in-memory, chained as PostgreSQL chains it.</summary>
public sealed class VolatileAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditRow> _rows = [];

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = _rows.Count + 1;
            var at = DateTimeOffset.UtcNow;
            // PostgreSQL keeps microseconds; so does the chain.
            at = new DateTimeOffset(at.Ticks - at.Ticks % 10, TimeSpan.Zero);
            var previous = _rows.Count == 0 ? AuditChain.Genesis : _rows[^1].Hash;
            _rows.Add(new AuditRow(id, at, entry, previous, AuditChain.Hash(previous, id, at, entry)));
        }

        return Task.CompletedTask;
    }

    public Task<List<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.Where(r => r.Id > query.After
                    && (query.Subject is null || r.Entry.Ids.Contains(query.Subject))
                    && (query.Actor is null || r.Entry.Subject == query.Actor)
                    && (query.From is null || r.At >= query.From)
                    && (query.To is null || r.At < query.To))
                .Take(query.Limit).ToList());
        }
    }

    public async IAsyncEnumerable<AuditRow> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<AuditRow> rows;
        lock (_lock)
        {
            rows = [.. _rows];
        }

        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
