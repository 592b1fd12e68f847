using Matching.Registry.Database;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Registry.Reviews;

/// <summary>Reviews in PostgreSQL (registry.reviews and registry.review_history, migration 016).</summary>
public sealed class ReviewStore(RegistryDatabase database) : IReviewStore
{
    private const string Columns = "case_id, profile_id, state, assigned_to, relatives, lab_reference, reason, version, lr_at_change, changed_by, changed_at";

    public async Task<Review?> FindAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, caseId, profileId, false, cancellationToken);
    }

    private static async Task<Review?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string caseId, string profileId, bool forUpdate,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM registry.reviews WHERE case_id = @case AND profile_id = @profile{(forUpdate ? " FOR UPDATE" : "")}", connection, transaction);
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("profile", profileId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public async Task<List<ReviewEvent>> HistoryAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT version, from_state, to_state, actor, reason, assigned_to, relatives, lab_reference, lr, at
            FROM registry.review_history WHERE case_id = @case AND profile_id = @profile ORDER BY version
            """);
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("profile", profileId);
        var events = new List<ReviewEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ReviewEvent(reader.GetInt32(0), State(reader.GetString(1)), State(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<string[]>(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetDouble(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return events;
    }

    public async Task<ReviewResult> ApplyAsync(string caseId, string profileId, ReviewChange change, string actor, Access.AuditEntry? audit = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A pair's first transition has no row to lock yet: two offices acting at once are ordered by the pair's lock.
        await using (var pairLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@case || '/' || @profile, 17))", connection, transaction))
        {
            pairLock.Parameters.AddWithValue("case", caseId);
            pairLock.Parameters.AddWithValue("profile", profileId);
            await pairLock.ExecuteNonQueryAsync(cancellationToken);
        }

        var current = await FindAsync(connection, transaction, caseId, profileId, true, cancellationToken);
        double? lr;
        await using (var match = new NpgsqlCommand("SELECT lr FROM registry.matches WHERE case_id = @case AND profile_id = @profile", connection, transaction))
        {
            match.Parameters.AddWithValue("case", caseId);
            match.Parameters.AddWithValue("profile", profileId);
            lr = await match.ExecuteScalarAsync(cancellationToken) is double value ? value : null;
        }

        var (outcome, problem) = ReviewChecks.Check(current, lr is not null, change);
        if (outcome != ReviewOutcome.Applied)
        {
            return new ReviewResult(outcome, current, problem);
        }

        var from = current?.State ?? ReviewState.Candidate;
        var version = (current?.Version ?? 0) + 1;
        var (assigned, relatives, labReference) = ReviewChecks.Kept(current, change);
        await using (var write = new NpgsqlCommand($"""
            INSERT INTO registry.reviews ({Columns})
            VALUES (@case, @profile, @state, @assigned, @relatives, @lab, @reason, @version, @lr, @actor, now())
            ON CONFLICT (case_id, profile_id) DO UPDATE
            SET state = excluded.state, assigned_to = excluded.assigned_to, relatives = excluded.relatives, lab_reference = excluded.lab_reference,
                reason = excluded.reason, version = excluded.version, lr_at_change = excluded.lr_at_change, changed_by = excluded.changed_by,
                changed_at = excluded.changed_at;
            INSERT INTO registry.review_history (case_id, profile_id, version, from_state, to_state, actor, reason, assigned_to, relatives, lab_reference, lr, at)
            VALUES (@case, @profile, @version, @from, @state, @actor, @reason, @assigned, @relatives, @lab, @lr, now())
            """, connection, transaction))
        {
            write.Parameters.AddWithValue("case", caseId);
            write.Parameters.AddWithValue("profile", profileId);
            write.Parameters.AddWithValue("state", ReviewStateNames.Name(change.To));
            write.Parameters.AddWithValue("from", ReviewStateNames.Name(from));
            write.Parameters.AddWithValue("assigned", NpgsqlDbType.Text, (object?)assigned ?? DBNull.Value);
            write.Parameters.AddWithValue("relatives", relatives);
            write.Parameters.AddWithValue("lab", NpgsqlDbType.Text, (object?)labReference ?? DBNull.Value);
            write.Parameters.AddWithValue("reason", change.Reason.Trim());
            write.Parameters.AddWithValue("version", version);
            write.Parameters.AddWithValue("lr", NpgsqlDbType.Double, (object?)lr ?? DBNull.Value);
            write.Parameters.AddWithValue("actor", actor);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = await FindAsync(connection, transaction, caseId, profileId, false, cancellationToken);
        if (audit is not null)
        {
            await Access.AuditLog.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ReviewResult(ReviewOutcome.Applied, applied, null);
    }

    public async Task<List<ReviewListing>> PageAsync(ReviewQuery query, CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(query.Provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        // Every stored match is a candidate until someone reviews it, so a listing of candidates adds the unreviewed ones.
        await using var command = new NpgsqlCommand($"""
            SELECT x.*, m.lr FROM (
                SELECT {Columns} FROM registry.reviews WHERE @state::text IS NULL OR state = @state
                UNION ALL
                SELECT m.case_id, m.profile_id, 'candidate', NULL, ARRAY[]::text[], NULL, '', 0, NULL, '', m.computed_at
                FROM registry.matches m
                WHERE (@state::text IS NULL OR @state = 'candidate')
                  AND NOT EXISTS (SELECT 1 FROM registry.reviews r WHERE r.case_id = m.case_id AND r.profile_id = m.profile_id)) x
            LEFT JOIN registry.matches m ON m.case_id = x.case_id AND m.profile_id = x.profile_id
            WHERE (@provinces::text[] IS NULL
                   OR x.case_id IN (SELECT c.id FROM registry.cases c WHERE c.province = ANY (@provinces))
                   OR x.profile_id IN (SELECT p.id FROM registry.profiles p WHERE p.province = ANY (@provinces)))
              AND (@after_case::text IS NULL OR (x.case_id, x.profile_id) > (@after_case::text, @after_profile::text))
            ORDER BY x.case_id, x.profile_id
            LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("state", NpgsqlDbType.Text, query.State is { } state ? ReviewStateNames.Name(state) : DBNull.Value);
        command.Parameters.AddWithValue("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)query.Provinces?.ToArray() ?? DBNull.Value);
        command.Parameters.AddWithValue("after_case", NpgsqlDbType.Text, (object?)query.After?.CaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("after_profile", NpgsqlDbType.Text, (object?)query.After?.ProfileId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        var listings = new List<ReviewListing>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            listings.Add(new ReviewListing(Read(reader, 0), reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }

        return listings;
    }

    public async Task<Dictionary<ReviewState, long>> CountsAsync(IReadOnlyList<string>? provinces, CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        // Counted in PostgreSQL, not listed: an office's home page at a million profiles reads six numbers, not six pages.
        await using var command = new NpgsqlCommand("""
            SELECT x.state, count(*) FROM (
                SELECT r.case_id, r.profile_id, r.state FROM registry.reviews r
                UNION ALL
                SELECT m.case_id, m.profile_id, 'candidate' FROM registry.matches m
                WHERE NOT EXISTS (SELECT 1 FROM registry.reviews r WHERE r.case_id = m.case_id AND r.profile_id = m.profile_id)) x
            WHERE @provinces::text[] IS NULL
               OR x.case_id IN (SELECT c.id FROM registry.cases c WHERE c.province = ANY (@provinces))
               OR x.profile_id IN (SELECT p.id FROM registry.profiles p WHERE p.province = ANY (@provinces))
            GROUP BY x.state
            """, connection, transaction);
        command.Parameters.AddWithValue("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)provinces?.ToArray() ?? DBNull.Value);
        var counts = new Dictionary<ReviewState, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[State(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<Dictionary<(string CaseId, string ProfileId), ReviewState>> StatesAsync(IReadOnlyCollection<(string CaseId, string ProfileId)> pairs,
        CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<(string, string), ReviewState>();
        if (pairs.Count == 0)
        {
            return states;
        }

        await using var command = database.DataSource.CreateCommand("""
            SELECT r.case_id, r.profile_id, r.state FROM registry.reviews r
            JOIN unnest(@cases, @profiles) AS q(case_id, profile_id) ON q.case_id = r.case_id AND q.profile_id = r.profile_id
            """);
        command.Parameters.AddWithValue("cases", pairs.Select(p => p.CaseId).ToArray());
        command.Parameters.AddWithValue("profiles", pairs.Select(p => p.ProfileId).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[(reader.GetString(0), reader.GetString(1))] = State(reader.GetString(2));
        }

        return states;
    }

    private static Review Read(NpgsqlDataReader reader, int at) => new(reader.GetString(at), reader.GetString(at + 1), State(reader.GetString(at + 2)),
        reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3), reader.GetFieldValue<string[]>(at + 4), reader.IsDBNull(at + 5) ? null : reader.GetString(at + 5),
        reader.GetString(at + 6), reader.GetInt32(at + 7), reader.IsDBNull(at + 8) ? null : reader.GetDouble(at + 8), reader.GetString(at + 9),
        reader.GetFieldValue<DateTimeOffset>(at + 10));

    private static ReviewState State(string text) =>
        ReviewStateNames.TryParse(text, out var state) ? state : throw new InvalidOperationException($"registry.reviews holds an unknown state '{text}'");
}
