using System.Runtime.CompilerServices;
using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Access;

/// <summary>The audit in PostgreSQL (registry.audit_log), chained by its trigger as rows are written.</summary>
public sealed class AuditLog(RegistryDatabase database) : IAuditLog
{
    private const string Columns = "id, at, subject, role, office, provinces, client_address, request_id, action, ids, row_count, outcome, previous_hash, hash";

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await AppendAsync(connection, null, entry, cancellationToken);
    }

    /// <summary>Writes a row in a transaction of the caller's, with the read or the change it records.</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        // The trigger sets id, at and both hashes.
        await using var command = new NpgsqlCommand("""
            INSERT INTO registry.audit_log (at, subject, role, office, provinces, client_address, request_id, action, ids, row_count, outcome, previous_hash, hash)
            VALUES (now(), @subject, @role, @office, @provinces, @address, @request, @action, @ids, @rows, @outcome, '', '')
            """, connection, transaction);
        command.Parameters.AddWithValue("subject", entry.Subject);
        command.Parameters.AddWithValue("role", entry.Role);
        command.Parameters.AddWithValue("office", entry.Office);
        command.Parameters.AddWithValue("provinces", entry.Provinces);
        command.Parameters.AddWithValue("address", entry.ClientAddress);
        command.Parameters.AddWithValue("request", entry.RequestId);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("ids", entry.Ids.ToArray());
        command.Parameters.AddWithValue("rows", entry.Rows);
        command.Parameters.AddWithValue("outcome", entry.Outcome);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT {Columns} FROM registry.audit_log
            WHERE id > @after
              AND (@subject::text IS NULL OR ids @> ARRAY[@subject::text])
              AND (@actor::text IS NULL OR subject = @actor)
              AND (@from::timestamptz IS NULL OR at >= @from)
              AND (@to::timestamptz IS NULL OR at < @to)
            ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("after", query.After);
        command.Parameters.AddWithValue("subject", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue("actor", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)query.From?.UtcDateTime ?? DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)query.To?.UtcDateTime ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        var rows = new List<AuditRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Row(reader));
        }

        return rows;
    }

    public async IAsyncEnumerable<AuditRow> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM registry.audit_log ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Row(reader);
        }
    }

    private static AuditRow Row(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
        new AuditEntry(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
            reader.GetString(8), reader.GetFieldValue<string[]>(9), reader.GetInt32(10), reader.GetInt32(11)),
        reader.GetString(12), reader.GetString(13));
}
