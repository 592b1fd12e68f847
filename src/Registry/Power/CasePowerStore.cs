using Matching.Registry.Database;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Registry.Power;

/// <summary>Each case's power, kept in PostgreSQL (migration 020) and worked out again when the case or the settings change.</summary>
public sealed class CasePowerStore(RegistryDatabase database)
{
    private const string Columns = "case_id, revision, settings_id, threshold, true_child, unrelated, median_log10, p05_log10, computed_at";

    /// <summary>
    /// Cases whose power is missing, or was worked out for an earlier revision, other settings or another threshold,
    /// in order of id after <paramref name="after"/>: a pass over the registry reads each case once, not the cases
    /// already done again for every batch.
    /// </summary>
    public async Task<List<(string CaseId, int Revision)>> StaleAsync(int? settingsId, double threshold, string after, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT c.id, c.revision FROM registry.cases c
            LEFT JOIN registry.case_power w ON w.case_id = c.id
            WHERE c.id > @after AND EXISTS (SELECT 1 FROM registry.profiles r WHERE r.case_id = c.id)
              AND (w.case_id IS NULL OR w.revision <> c.revision OR w.settings_id IS DISTINCT FROM @settings OR w.threshold <> @threshold)
            ORDER BY c.id LIMIT @limit
            """);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Integer, (object?)settingsId ?? DBNull.Value);
        command.Parameters.AddWithValue("threshold", threshold);
        command.Parameters.AddWithValue("limit", limit);
        var stale = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stale.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return stale;
    }

    /// <summary>Whether searches are owed and not parked: power waits for them, as they are what offices wait on.</summary>
    public async Task<bool> SearchesPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM registry.searches WHERE completed_at IS NULL AND parked_at IS NULL)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Many cases' power in one statement (the background's batch).</summary>
    public async Task SaveAllAsync(IReadOnlyList<StoredCasePower> powers, CancellationToken cancellationToken = default)
    {
        if (powers.Count == 0)
        {
            return;
        }

        await using var command = database.DataSource.CreateCommand($"""
            INSERT INTO registry.case_power ({Columns})
            SELECT u.case_id, u.revision, u.settings_id, u.threshold, u.true_child, u.unrelated, u.median_log10, u.p05_log10, now()
            FROM unnest(@case, @revision, @settings, @threshold, @true, @unrelated, @median, @p05)
                AS u (case_id, revision, settings_id, threshold, true_child, unrelated, median_log10, p05_log10)
            ON CONFLICT (case_id) DO UPDATE SET revision = excluded.revision, settings_id = excluded.settings_id, threshold = excluded.threshold,
                true_child = excluded.true_child, unrelated = excluded.unrelated, median_log10 = excluded.median_log10, p05_log10 = excluded.p05_log10,
                computed_at = excluded.computed_at
            """);
        command.Parameters.AddWithValue("case", powers.Select(p => p.CaseId).ToArray());
        command.Parameters.AddWithValue("revision", powers.Select(p => p.Revision).ToArray());
        command.Parameters.AddWithValue("settings", NpgsqlDbType.Array | NpgsqlDbType.Integer, powers.Select(p => p.SettingsId).ToArray());
        command.Parameters.AddWithValue("threshold", powers.Select(p => p.Threshold).ToArray());
        command.Parameters.AddWithValue("true", powers.Select(p => p.TrueChild).ToArray());
        command.Parameters.AddWithValue("unrelated", powers.Select(p => p.Unrelated).ToArray());
        command.Parameters.AddWithValue("median", NpgsqlDbType.Array | NpgsqlDbType.Double, powers.Select(p => p.MedianLog10Lr).ToArray());
        command.Parameters.AddWithValue("p05", NpgsqlDbType.Array | NpgsqlDbType.Double, powers.Select(p => p.P05Log10Lr).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Cases of <paramref name="provinces"/> (null: all) whose true child reaches the threshold with probability below
    /// <paramref name="below"/>, weakest first, after (true child, case) <paramref name="after"/>; the cases whose power
    /// is current only.
    /// </summary>
    public async Task<List<StoredCasePower>> WeakestAsync(double below, IReadOnlyList<string>? provinces, (double TrueChild, string CaseId)? after, int limit,
        CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        await using var command = new NpgsqlCommand($"""
            SELECT {string.Join(", ", Columns.Split(", ").Select(c => "w." + c))} FROM registry.case_power w
            JOIN registry.cases c ON c.id = w.case_id AND c.revision = w.revision
            WHERE w.true_child < @below
              AND (@provinces::text[] IS NULL OR c.province = ANY (@provinces))
              AND (@after_case::text IS NULL OR (w.true_child, w.case_id) > (@after_true, @after_case::text))
            ORDER BY w.true_child, w.case_id LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("below", below);
        command.Parameters.AddWithValue("provinces", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)provinces?.ToArray() ?? DBNull.Value);
        command.Parameters.AddWithValue("after_true", NpgsqlDbType.Double, (object?)after?.TrueChild ?? DBNull.Value);
        command.Parameters.AddWithValue("after_case", NpgsqlDbType.Text, (object?)after?.CaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var found = new List<StoredCasePower>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredCasePower(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDouble(7),
                reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return found;
    }
}
