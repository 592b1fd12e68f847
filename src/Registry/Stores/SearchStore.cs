using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Stores;

/// <summary>The searches the registry owes: which are pending, and which have gone quiet.</summary>
public sealed class SearchStore(RegistryDatabase database) : ISearchStore
{
    public async Task<(SearchRequest Search, bool Completed)?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id, subject_kind, subject_id, completed_at IS NOT NULL FROM registry.searches WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (new SearchRequest(reader.GetInt64(0), SearchRequest.ParseKind(reader.GetString(1)), reader.GetString(2)), reader.GetBoolean(3))
            : null;
    }

    public async Task<IReadOnlyList<SearchRequest>> RequestAsync(SearchKind kind, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO registry.searches (subject_kind, subject_id, started_at) SELECT @kind, s, now() FROM unnest(@subjects) AS s RETURNING id, subject_id
            """);
        command.Parameters.AddWithValue("kind", SearchRequest.KindName(kind));
        command.Parameters.AddWithValue("subjects", subjects.ToArray());
        var requests = new List<SearchRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            requests.Add(new SearchRequest(reader.GetInt64(0), kind, reader.GetString(1)));
        }

        return requests;
    }

    public async Task<SearchStart> MarkStartedAsync(long id, CancellationToken cancellationToken = default) =>
        (await StartAllAsync([id], cancellationToken)).SingleOrDefault()?.Start ?? new SearchStart(0, false);

    /// <summary>A heartbeat for the sweep; losing it in a crash only makes the sweep start the search sooner.</summary>
    public async Task<List<StartedSearch>> StartAllAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(DerivedWrites.Setting());
        var update = new NpgsqlBatchCommand("""
            UPDATE registry.searches
            SET started_at = now(), attempts = attempts + 1
            WHERE id = ANY (@ids) AND completed_at IS NULL
            RETURNING id, subject_kind, subject_id, attempts, parked_at IS NOT NULL
            """);
        update.Parameters.AddWithValue("ids", ids.ToArray());
        batch.BatchCommands.Add(update);
        var started = new List<StartedSearch>(ids.Count);
        await using (var reader = await DerivedWrites.RowsAsync(batch, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                started.Add(new StartedSearch(new SearchRequest(reader.GetInt64(0), SearchRequest.ParseKind(reader.GetString(1)), reader.GetString(2)),
                    new SearchStart(reader.GetInt32(3), reader.GetBoolean(4))));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. started.OrderBy(s => s.Search.Id)];
    }

    public async Task<bool> RecordFailureAsync(long id, string error, int maxFailures, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            UPDATE registry.searches
            SET last_error = @error, failures = failures + 1,
                parked_at = CASE WHEN parked_at IS NULL AND completed_at IS NULL AND failures + 1 >= @max THEN now() ELSE parked_at END
            WHERE id = @id
            RETURNING parked_at IS NOT NULL
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("max", maxFailures);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public async Task<SearchStatus?> StatusAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, subject_kind, subject_id, research_id, requested_at, started_at, attempts, failures, completed_at, candidates, parked_at, last_error
            FROM registry.searches WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        T? Nullable<T>(int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
        return new SearchStatus(reader.GetInt64(0), SearchRequest.ParseKind(reader.GetString(1)), reader.GetString(2), Nullable<long>(3),
            reader.GetFieldValue<DateTimeOffset>(4), Nullable<DateTimeOffset>(5), reader.GetInt32(6), reader.GetInt32(7), Nullable<DateTimeOffset>(8),
            Nullable<int>(9), Nullable<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetString(11));
    }

    /// <summary>
    /// Pending searches that have not started, or last started, more than <paramref name="quietFor"/> ago; a
    /// research's searches are its grain's to drive.
    /// </summary>
    public async Task<long> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT count(*) FROM registry.searches WHERE completed_at IS NULL AND parked_at IS NULL");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<(long Within, long UpTo)> PendingRangeAsync(long first, long last, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE id >= @first), count(*) FROM registry.searches
            WHERE id <= @last AND completed_at IS NULL AND parked_at IS NULL
            """);
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("last", last);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<long> CompletedWithinAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM registry.searches WHERE completed_at > now() - @window");
        command.Parameters.AddWithValue("window", window);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id FROM registry.searches
            WHERE completed_at IS NULL AND parked_at IS NULL AND research_id IS NULL AND started_at <= now() - @quiet
            ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("quiet", quietFor);
        command.Parameters.AddWithValue("limit", limit);
        return await IdsAsync(command, cancellationToken);
    }

    public async Task<List<long>> UnstartedAsync(int limit, IReadOnlyCollection<long> except, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id FROM registry.searches
            WHERE started_at IS NULL AND completed_at IS NULL AND research_id IS NULL AND id <> ALL(@except)
            ORDER BY id LIMIT @limit
            """);
        command.Parameters.AddWithValue("except", except.ToArray());
        command.Parameters.AddWithValue("limit", limit);
        return await IdsAsync(command, cancellationToken);
    }

    public async Task<List<long>> UnfinishedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id FROM registry.searches WHERE id = ANY(@ids) AND completed_at IS NULL AND parked_at IS NULL");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await IdsAsync(command, cancellationToken);
    }

    /// <summary>The first column of every row, as search or research ids.</summary>
    internal static async Task<List<long>> IdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
