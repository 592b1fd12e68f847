using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Stores;

/// <summary>Researches in PostgreSQL: the research row and its searches are written in one transaction.</summary>
public sealed class ResearchStore(RegistryDatabase database) : IResearchStore
{
    public async Task<Research> BeginAsync(string reason, string requestedBy, int? settingsId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO registry.researches (reason, requested_by, settings_id) VALUES (@reason, @by, @settings) RETURNING id", connection, transaction))
        {
            insert.Parameters.AddWithValue("settings", (object?)settingsId ?? DBNull.Value);
            insert.Parameters.AddWithValue("reason", reason);
            insert.Parameters.AddWithValue("by", requestedBy);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        int cases;
        await using (var owe = new NpgsqlCommand("""
            INSERT INTO registry.searches (subject_kind, subject_id, research_id)
            SELECT 'case', c.id, @id FROM registry.cases c
            WHERE EXISTS (SELECT 1 FROM registry.profiles p WHERE p.case_id = c.id)
            ORDER BY c.id
            """, connection, transaction))
        {
            owe.Parameters.AddWithValue("id", id);
            cases = await owe.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var count = new NpgsqlCommand("UPDATE registry.researches SET cases = @cases WHERE id = @id", connection, transaction))
        {
            count.Parameters.AddWithValue("id", id);
            count.Parameters.AddWithValue("cases", cases);
            await count.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (await FindResearchAsync(id, cancellationToken))!;
    }

    public async Task<Research?> FindResearchAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT r.id, r.reason, r.requested_by, r.requested_at, r.cases,
                   (SELECT count(*) FROM registry.searches s WHERE s.research_id = r.id AND s.completed_at IS NOT NULL)::int,
                   r.completed_at, r.settings_id
            FROM registry.researches r WHERE r.id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Research(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetInt32(7))
            : null;
    }

    public async Task<List<long>> PendingAsync(long id, long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id FROM registry.searches WHERE research_id = @id AND completed_at IS NULL AND parked_at IS NULL AND id > @after ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        return await SearchStore.IdsAsync(command, cancellationToken);
    }

    public async Task<bool> TryCompleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE registry.researches r SET completed_at = coalesce(r.completed_at, now())
            WHERE r.id = @id AND NOT EXISTS (SELECT 1 FROM registry.searches s WHERE s.research_id = r.id AND s.completed_at IS NULL AND s.parked_at IS NULL)
            """);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<List<long>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id FROM registry.researches WHERE completed_at IS NULL ORDER BY id");
        return await SearchStore.IdsAsync(command, cancellationToken);
    }
}
