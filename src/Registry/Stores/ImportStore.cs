using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Stores;

/// <summary>Imports in PostgreSQL: registry.imports for progress, registry.import_errors for the report.</summary>
public sealed class ImportStore(RegistryDatabase database) : IImportStore
{
    public async Task<long> BeginImportAsync(string source, string requestedBy, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO registry.imports (source, requested_by) VALUES (@source, @by) RETURNING id");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("by", requestedBy);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task RecordBatchAsync(long id, int records, int created, int corrected, int unchanged, IReadOnlyList<RecordError> errors,
        IReadOnlyList<string> warnings, IReadOnlyCollection<long> searches, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE registry.imports SET records = records + @records, created = created + @created, corrected = corrected + @corrected,
                unchanged = unchanged + @unchanged, rejected = rejected + @rejected, warned = warned + @warned,
                searches_owed = searches_owed + @owed, first_search_id = least(first_search_id, @first), last_search_id = greatest(last_search_id, @last)
            WHERE id = @id
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("id", id);
            update.Parameters.AddWithValue("records", records);
            update.Parameters.AddWithValue("created", created);
            update.Parameters.AddWithValue("corrected", corrected);
            update.Parameters.AddWithValue("unchanged", unchanged);
            update.Parameters.AddWithValue("rejected", errors.Count);
            update.Parameters.AddWithValue("warned", warnings.Count);
            update.Parameters.AddWithValue("owed", (long)searches.Count);
            update.Parameters.AddWithValue("first", NpgsqlTypes.NpgsqlDbType.Bigint, searches.Count > 0 ? searches.Min() : DBNull.Value);
            update.Parameters.AddWithValue("last", NpgsqlTypes.NpgsqlDbType.Bigint, searches.Count > 0 ? searches.Max() : DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (errors.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO registry.import_errors (import_id, source, record, field, reason)
                SELECT @id, e.source, e.record, e.field, e.reason FROM unnest(@sources, @records, @fields, @reasons) AS e(source, record, field, reason)
                """, connection, transaction);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("sources", errors.Select(e => e.Source).ToArray());
            insert.Parameters.AddWithValue("records", errors.Select(e => e.Record).ToArray());
            insert.Parameters.AddWithValue("fields", errors.Select(e => e.Field).ToArray());
            insert.Parameters.AddWithValue("reasons", errors.Select(e => e.Reason).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (warnings.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO registry.import_warnings (import_id, warning) SELECT @id, w FROM unnest(@warnings) WITH ORDINALITY AS u(w, n) ORDER BY n",
                connection, transaction);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("warnings", warnings.ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task FinishImportAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE registry.imports SET finished_at = now() WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ImportProgress?> FindImportAsync(long id, int errorLimit, CancellationToken cancellationToken = default)
    {
        var errors = await FirstOfAsync(
            "SELECT source, record, field, reason FROM registry.import_errors WHERE import_id = @id ORDER BY id LIMIT @limit",
            id, errorLimit, rows => new RecordError(rows.GetString(0), rows.GetString(1), rows.GetString(2), rows.GetString(3)), cancellationToken);
        var warnings = await FirstOfAsync(
            "SELECT warning FROM registry.import_warnings WHERE import_id = @id ORDER BY id LIMIT @limit",
            id, errorLimit, rows => rows.GetString(0), cancellationToken);

        await using var command = database.DataSource.CreateCommand("""
            SELECT source, requested_by, started_at, finished_at, records, created, corrected, unchanged, rejected, warned,
                   searches_owed, first_search_id, last_search_id
            FROM registry.imports WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ImportProgress(id, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), errors,
                reader.GetInt32(9), warnings, reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetInt64(11), reader.IsDBNull(12) ? null : reader.GetInt64(12))
            : null;
    }

    public async Task<List<ImportProgress>> RecentImportsAsync(string? requestedBy, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, source, requested_by, started_at, finished_at, records, created, corrected, unchanged, rejected, warned,
                   searches_owed, first_search_id, last_search_id
            FROM registry.imports WHERE @by::text IS NULL OR requested_by = @by
            ORDER BY id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("by", (object?)requestedBy ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<ImportProgress>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new ImportProgress(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                reader.GetInt32(8), reader.GetInt32(9), [], reader.GetInt32(10), [], reader.GetInt64(11), reader.IsDBNull(12) ? null : reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetInt64(13)));
        }

        return found;
    }

    /// <summary>The first <paramref name="limit"/> rows an import left in one of its report tables, in the order found.</summary>
    private async Task<List<T>> FirstOfAsync<T>(string sql, long id, int limit, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var found = new List<T>();
        await using var list = database.DataSource.CreateCommand(sql);
        list.Parameters.AddWithValue("id", id);
        list.Parameters.AddWithValue("limit", limit);
        await using var rows = await list.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            found.Add(read(rows));
        }

        return found;
    }
}
