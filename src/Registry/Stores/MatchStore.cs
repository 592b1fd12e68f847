using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Stores;

/// <summary>Match results and the searches that produce them.</summary>
public sealed class MatchStore(RegistryDatabase database) : IMatchStore
{
    /// <summary>
    /// Stores a search's candidates in place of the subject's earlier ones and marks the search done, atomically.
    /// Search ids grow with every change that owes a search, so a pair's result is only ever replaced by a newer
    /// search: an older one that finishes late neither removes nor overwrites what a newer search of either the
    /// person or the case has stored. Returns false when the search was already complete (a repeated report).
    /// </summary>
    public async Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, int? settingsId, CancellationToken cancellationToken = default) =>
        (await CompleteAllAsync([new SearchOutcome(search, candidates)], settingsId, cancellationToken)).Count == 1;

    /// <summary>
    /// A batch in three round trips: the searches claimed, then the pairs each no longer finds deleted and the
    /// candidates stored in one statement batch. Stored as the newest search of the batch that found a pair left it,
    /// which is what completing them one by one in id order leaves: an older search's pair is either updated by the
    /// newer one or, not found by it, deleted (and a pair the newer search of the other subject did not find is not
    /// stored, as a completed newer search of either subject keeps an older one's out).
    /// </summary>
    public async Task<IReadOnlyList<long>> CompleteAllAsync(IReadOnlyList<SearchOutcome> outcomes, int? settingsId, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return [];
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var claimed = new HashSet<long>();
        await using (var claim = new NpgsqlBatch(connection, transaction))
        {
            claim.BatchCommands.Add(DerivedWrites.Setting());
            var update = new NpgsqlBatchCommand("""
                UPDATE registry.searches s SET completed_at = now(), candidates = b.n, settings_id = @settings
                FROM unnest(@ids, @counts) AS b(id, n)
                WHERE s.id = b.id AND s.completed_at IS NULL
                RETURNING s.id
                """);
            update.Parameters.AddWithValue("settings", NpgsqlTypes.NpgsqlDbType.Integer, (object?)settingsId ?? DBNull.Value);
            update.Parameters.AddWithValue("ids", outcomes.Select(o => o.Search.Id).ToArray());
            update.Parameters.AddWithValue("counts", outcomes.Select(o => o.Candidates.Count).ToArray());
            claim.BatchCommands.Add(update);
            await using var reader = await DerivedWrites.RowsAsync(claim, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetInt64(0));
            }
        }

        var completing = outcomes.Where(o => claimed.Contains(o.Search.Id)).ToList();
        var pairs = completing.SelectMany(o => o.Candidates.Select(c => (o.Search.Id, c))).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (kind, column) in new[] { (SearchKind.Person, "profile_id"), (SearchKind.Case, "case_id") })
        {
            var ofKind = completing.Where(o => o.Search.Kind == kind).ToList();
            if (ofKind.Count == 0)
            {
                continue;
            }

            // Each search's subject loses the older pairs it did not find again; those it found are updated below.
            var forget = new NpgsqlBatchCommand($"""
                DELETE FROM registry.matches m
                USING unnest(@ids, @subjects) AS s(id, subject)
                WHERE m.{column} = s.subject AND m.search_id < s.id
                  AND NOT EXISTS (SELECT 1 FROM unnest(@pair_searches, @pair_cases, @pair_profiles) AS c(search_id, case_id, profile_id)
                                  WHERE c.search_id = s.id AND c.case_id = m.case_id AND c.profile_id = m.profile_id)
                """);
            forget.Parameters.AddWithValue("ids", ofKind.Select(o => o.Search.Id).ToArray());
            forget.Parameters.AddWithValue("subjects", ofKind.Select(o => o.Search.SubjectId).ToArray());
            forget.Parameters.AddWithValue("pair_searches", pairs.Select(p => p.Id).ToArray());
            forget.Parameters.AddWithValue("pair_cases", pairs.Select(p => p.c.CaseId).ToArray());
            forget.Parameters.AddWithValue("pair_profiles", pairs.Select(p => p.c.ProfileId).ToArray());
            batch.BatchCommands.Add(forget);
        }

        if (pairs.Count > 0)
        {
            // Candidates whose profile or case has gone (a correction moved it) are not stored; a profile without a
            // case is a person of unknown parentage (the table's check). A pair keeps the time it was first found.
            var insert = new NpgsqlBatchCommand("""
                WITH found AS (
                SELECT DISTINCT ON (c.case_id, c.profile_id) c.case_id, c.profile_id, c.lr, c.search_id
                FROM unnest(@cases, @profiles, @lrs, @searches) AS c(case_id, profile_id, lr, search_id)
                ORDER BY c.case_id, c.profile_id, c.search_id DESC),
                stored AS (
                INSERT INTO registry.matches (case_id, profile_id, lr, log10_lr, search_id)
                SELECT c.case_id, c.profile_id, c.lr, log(c.lr), c.search_id
                FROM found c
                WHERE EXISTS (SELECT 1 FROM registry.profiles p WHERE p.id = c.profile_id AND p.case_id IS NULL)
                  AND EXISTS (SELECT 1 FROM registry.profiles r WHERE r.case_id = c.case_id)
                  AND NOT EXISTS (SELECT 1 FROM registry.searches n
                                  WHERE n.id > c.search_id AND n.completed_at IS NOT NULL
                                    AND ((n.subject_kind = 'person' AND n.subject_id = c.profile_id)
                                      OR (n.subject_kind = 'case' AND n.subject_id = c.case_id)))
                ON CONFLICT (case_id, profile_id) DO UPDATE
                SET lr = excluded.lr, log10_lr = excluded.log10_lr, search_id = excluded.search_id, computed_at = now()
                WHERE registry.matches.search_id < excluded.search_id
                RETURNING case_id, profile_id, lr, search_id),
                alerted AS (
                INSERT INTO registry.alerts (case_id, profile_id, lr, search_id)
                SELECT s.case_id, s.profile_id, s.lr, s.search_id FROM stored s
                WHERE s.lr >= (SELECT least(@level, min(min_lr)) FROM registry.alert_subscriptions WHERE cancelled_at IS NULL)
                ON CONFLICT (case_id, profile_id) DO NOTHING
                RETURNING id, case_id, profile_id, lr)
                INSERT INTO registry.alert_deliveries (alert_id, subscription_id)
                SELECT a.id, sub.id FROM alerted a
                JOIN registry.cases c ON c.id = a.case_id
                JOIN registry.profiles p ON p.id = a.profile_id
                JOIN registry.alert_subscriptions sub ON sub.cancelled_at IS NULL AND a.lr >= sub.min_lr
                AND (cardinality(sub.provinces) = 0 OR c.province = ANY (sub.provinces) OR p.province = ANY (sub.provinces))
                """);
            insert.Parameters.AddWithValue("level", Alerts.AlertLevels.Default);
            insert.Parameters.AddWithValue("cases", pairs.Select(p => p.c.CaseId).ToArray());
            insert.Parameters.AddWithValue("profiles", pairs.Select(p => p.c.ProfileId).ToArray());
            insert.Parameters.AddWithValue("lrs", pairs.Select(p => p.c.Lr).ToArray());
            insert.Parameters.AddWithValue("searches", pairs.Select(p => p.Id).ToArray());
            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. claimed.Order()];
    }

    public async Task<List<MatchCandidate>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT profile_id, case_id, lr FROM registry.matches WHERE case_id = ANY(@cases)");
        command.Parameters.AddWithValue("cases", caseIds.ToArray());
        var found = new List<MatchCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new MatchCandidate(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }

        return found;
    }

    /// <summary>Stored matches, of one person, one case or all, at or above <paramref name="minimumLr"/>, strongest first.</summary>
    public async Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT profile_id, case_id, lr, log10_lr, rank, (SELECT s.settings_id FROM registry.searches s WHERE s.id = ranked.search_id), first_found_at FROM (
                SELECT profile_id, case_id, lr, log10_lr, search_id, first_found_at,
                       rank() OVER (PARTITION BY profile_id ORDER BY lr DESC)::integer AS rank
                FROM registry.matches
                WHERE (@profile::text IS NULL OR profile_id = @profile)
                  -- A case's candidates are ranked among their own matches only: the window need not cover the table.
                  AND (@case::text IS NULL OR profile_id IN (SELECT m.profile_id FROM registry.matches m WHERE m.case_id = @case))) ranked
            WHERE (@case::text IS NULL OR case_id = @case) AND lr >= @min
            ORDER BY lr DESC, profile_id, case_id
            """);
        command.Parameters.AddWithValue("profile", (object?)profileId ?? DBNull.Value);
        command.Parameters.AddWithValue("case", (object?)caseId ?? DBNull.Value);
        command.Parameters.AddWithValue("min", minimumLr);
        return await RankedAsync(command, cancellationToken);
    }

    public async Task<List<RankedMatch>> PageAsync(MatchQuery query, CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(query.Provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        await using var command = new NpgsqlCommand("""
            SELECT ranked.profile_id, ranked.case_id, ranked.lr, ranked.log10_lr, ranked.rank,
                   (SELECT s.settings_id FROM registry.searches s WHERE s.id = ranked.search_id), ranked.first_found_at FROM (
                SELECT profile_id, case_id, lr, log10_lr, search_id, first_found_at,
                       rank() OVER (PARTITION BY profile_id ORDER BY lr DESC)::integer AS rank
                FROM registry.matches
                WHERE (@profile::text IS NULL OR profile_id = @profile)) ranked
            WHERE (@case::text IS NULL OR ranked.case_id = @case) AND ranked.lr >= @min
              AND (@provinces::text[] IS NULL
                   OR ranked.case_id IN (SELECT c.id FROM registry.cases c WHERE c.province = ANY (@provinces))
                   OR ranked.profile_id IN (SELECT p.id FROM registry.profiles p WHERE p.province = ANY (@provinces)))
              AND (@after_lr::double precision IS NULL OR ranked.lr < @after_lr
                   OR (ranked.lr = @after_lr AND (ranked.profile_id, ranked.case_id) > (@after_profile::text, @after_case::text)))
            ORDER BY ranked.lr DESC, ranked.profile_id, ranked.case_id
            LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("profile", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.ProfileId ?? DBNull.Value);
        command.Parameters.AddWithValue("case", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.CaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("min", query.MinimumLr);
        command.Parameters.AddWithValue("provinces", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Provinces?.ToArray() ?? DBNull.Value);
        command.Parameters.AddWithValue("after_lr", NpgsqlTypes.NpgsqlDbType.Double, (object?)query.After?.Lr ?? DBNull.Value);
        command.Parameters.AddWithValue("after_profile", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.After?.ProfileId ?? DBNull.Value);
        command.Parameters.AddWithValue("after_case", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.After?.CaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        return await RankedAsync(command, cancellationToken);
    }

    /// <summary>Matches as both lists select them: person, case, LR, log10 LR, rank, settings, first found.</summary>
    private static async Task<List<RankedMatch>> RankedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var matches = new List<RankedMatch>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new RankedMatch(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return matches;
    }

    public async Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM registry.profiles WHERE category = 'family-reference'),
                   (SELECT count(*) FROM registry.profiles WHERE category = 'unknown-parentage'),
                   (SELECT count(*) FROM registry.cases),
                   (SELECT count(*) FROM registry.matches),
                   (SELECT count(*) FROM registry.searches WHERE completed_at IS NULL AND parked_at IS NULL),
                   (SELECT count(*) FROM registry.searches WHERE completed_at IS NULL AND parked_at IS NOT NULL)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RegistryStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
