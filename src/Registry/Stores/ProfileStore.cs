using Matching.Kinship;
using Matching.Registry.Database;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Registry.Stores;

/// <summary>
/// Profiles and cases in PostgreSQL. A batch is committed in one transaction together with the searches it owes,
/// so that nothing is streamed that is not stored, and a crash between the two leaves a pending search behind.
/// </summary>
public sealed class ProfileStore(RegistryDatabase database) : IProfileStore
{
    private static readonly string[] SingularRoles = [.. Enum.GetValues<Role>().Where(RoleNames.IsSingular).Select(RoleNames.Name)];

    /// <summary>
    /// Commits a batch. Two transactions that insert the same new id, or fill the same place in a case, cannot both
    /// do it: the second waits for the first and fails when it commits. Run again, it sees what the first committed
    /// (a no-op, a correction or a refusal), as it would have had the two run one after the other.
    /// </summary>
    public async Task<SaveResult> SaveAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(records, cancellationToken);
            }
            catch (PostgresException e) when (attempt < MaxAttempts && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
            {
            }
        }
    }

    private const int MaxAttempts = 5;

    private async Task<SaveResult> SaveOnceAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = new Dictionary<string, (string Hash, string Category, string? CaseId, int Version)>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT id, content_hash, category, case_id, version FROM registry.profiles WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("ids", records.Select(r => r.Id).ToArray());
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4));
            }
        }

        var holders = await SingularHolders(connection, transaction, records, cancellationToken);
        var outcomes = new List<SavedProfile>(records.Count);
        var persons = new List<string>();
        var cases = new SortedSet<string>(StringComparer.Ordinal);
        var provinces = new Dictionary<string, string>(StringComparer.Ordinal);
        var created = new List<ProfileRecord>();
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var record in records)
        {
            if (record.Role is { } role && holders.TryGetValue((record.CaseId!, RoleNames.Name(role)), out var holder) && holder != record.Id)
            {
                outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Rejected,
                    $"case {record.CaseId} already has a {RoleNames.Name(role)} (profile {holder})"));
                continue;
            }

            if (existing.TryGetValue(record.Id, out var old) && old.Hash == record.ContentHash)
            {
                outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Unchanged, Version: old.Version));
                continue;
            }

            if (old.Hash is not null && record.CorrectionReason is null)
            {
                outcomes.Add(SavedProfile.ReasonMissing(record.Id, old.Version));
                continue;
            }

            if (record.CaseId is { } caseId)
            {
                provinces.TryAdd(caseId, record.Province);
                cases.Add(caseId);
            }
            else
            {
                persons.Add(record.Id);
            }

            if (old.Hash is null)
            {
                created.Add(record);
                outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Created, Version: 1));
                continue;
            }

            // A correction: keep the version it replaces, drop the results that came from it, search again.
            var history = new NpgsqlBatchCommand("""
                INSERT INTO registry.profile_history (profile_id, version, category, case_id, role, province, sex, loci, content_hash, valid_from,
                                                      corrected_by, correction_reason)
                SELECT id, version, category, case_id, role, province, sex, loci, content_hash, updated_at, @by, @reason FROM registry.profiles WHERE id = @id
                """);
            history.Parameters.AddWithValue("id", record.Id);
            history.Parameters.AddWithValue("by", record.SubmittedBy ?? "unknown");
            history.Parameters.AddWithValue("reason", record.CorrectionReason!);
            batch.BatchCommands.Add(history);
            var forget = new NpgsqlBatchCommand("DELETE FROM registry.matches WHERE profile_id = @id");
            forget.Parameters.AddWithValue("id", record.Id);
            batch.BatchCommands.Add(forget);
            batch.BatchCommands.Add(Update(record));
            if (old.CaseId is { } oldCase)
            {
                cases.Add(oldCase);
            }

            outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Corrected, Version: old.Version + 1));
        }

        var newCases = await UpsertCases(connection, transaction, provinces, cases, cancellationToken);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await Copy(connection, created, cancellationToken);

        var searches = await Owe(connection, transaction,
            [.. persons.Select(p => (SearchKind.Person, p)), .. cases.Select(c => (SearchKind.Case, c))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(outcomes, searches, NewCases(records, outcomes, newCases));
    }

    /// <summary>The cases a batch created, from its own records: a new case has no reference but the batch's.</summary>
    private static List<StoredCase> NewCases(IReadOnlyList<ProfileRecord> records, List<SavedProfile> outcomes, HashSet<string> created)
    {
        if (created.Count == 0)
        {
            return [];
        }

        var cases = new Dictionary<string, StoredCase>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is { CaseId: { } caseId, Role: { } role } record && created.Contains(caseId)
                && outcomes[i].Outcome is RegistrationOutcome.Created or RegistrationOutcome.Corrected)
            {
                (cases.TryGetValue(caseId, out var stored) ? stored : cases[caseId] = new StoredCase(caseId, 1, []))
                    .References.Add(new CaseReference(caseId, record.Id, role, record.ToProfile()));
            }
        }

        foreach (var stored in cases.Values)
        {
            stored.References.Sort((a, b) => string.CompareOrdinal(a.ProfileId, b.ProfileId));
        }

        return [.. cases.Values];
    }

    public async Task<StoredProfile?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, category, case_id, role, province, sex, loci, version, registered_at, updated_at
            FROM registry.profiles WHERE id = @id
            """);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredProfile(Record(reader), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9));
    }

    public async Task<List<StoredProfile>> FindAllAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, category, case_id, role, province, sex, loci, version, registered_at, updated_at
            FROM registry.profiles WHERE id = ANY (@ids)
            """);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var found = new List<StoredProfile>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredProfile(Record(reader), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return found;
    }

    public async Task<List<ReplacedVersion>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT profile_id, category, case_id, role, province, sex, loci, version, valid_from, replaced_at, corrected_by, correction_reason
            FROM registry.profile_history WHERE profile_id = @id ORDER BY version
            """);
        command.Parameters.AddWithValue("id", id);
        var versions = new List<ReplacedVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new ReplacedVersion(Record(reader), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return versions;
    }

    /// <summary>A profile's record from its first seven columns: id, category, case, role, province, sex, loci.</summary>
    private static ProfileRecord Record(NpgsqlDataReader reader)
    {
        ProfileCategoryNames.TryParse(reader.GetString(1), out var category);
        Role? role = reader.IsDBNull(3) ? null : RoleNames.TryParse(reader.GetString(3), out var r) ? r : null;
        return new ProfileRecord(reader.GetString(0), category, reader.IsDBNull(2) ? null : reader.GetString(2), role,
            reader.GetString(4), SexCodes.Parse(reader.GetChar(5)), LociJson.Read(reader.GetString(6)));
    }

    public async Task<string?> CaseProvinceAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT province FROM registry.cases WHERE id = @id");
        command.Parameters.AddWithValue("id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<(Dictionary<string, string> Profiles, Dictionary<string, string> Cases)> ProvincesAsync(IReadOnlyCollection<string> profileIds,
        IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT 'p', id, province FROM registry.profiles WHERE id = ANY (@profiles)
            UNION ALL
            SELECT 'c', id, province FROM registry.cases WHERE id = ANY (@cases)
            """);
        command.Parameters.AddWithValue("profiles", profileIds.ToArray());
        command.Parameters.AddWithValue("cases", caseIds.ToArray());
        var (profiles, cases) = (new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetString(0) == "p" ? profiles : cases)[reader.GetString(1)] = reader.GetString(2);
        }

        return (profiles, cases);
    }

    /// <summary>The persons of unknown parentage in one bucket of <paramref name="buckets"/>.</summary>
    public async Task<List<BucketPerson>> PersonsInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT id, sex, loci, version FROM registry.profiles
            WHERE category = 'unknown-parentage' AND bucket_hash % @buckets = @bucket
            """);
        command.Parameters.AddWithValue("buckets", buckets);
        command.Parameters.AddWithValue("bucket", bucket);
        var persons = new List<BucketPerson>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            persons.Add(new BucketPerson(reader.GetString(0), reader.GetInt32(3), new Profile(SexCodes.Parse(reader.GetChar(1)), LociJson.Read(reader.GetString(2)))));
        }

        return persons;
    }

    /// <summary>The cases of one bucket of <paramref name="buckets"/> that have references.</summary>
    public Task<List<StoredCase>> CasesInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default) =>
        Cases("c.bucket_hash % @buckets = @bucket AND p.id IS NOT NULL",
            c => { c.Parameters.AddWithValue("buckets", buckets); c.Parameters.AddWithValue("bucket", bucket); }, cancellationToken);

    public Task<List<StoredCase>> CasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default) =>
        caseIds.Count == 0
            ? Task.FromResult(new List<StoredCase>())
            : Cases("c.id = ANY(@ids)", c => c.Parameters.AddWithValue("ids", caseIds.ToArray()), cancellationToken);

    public async Task<bool> RecordMissingSexAsync(string caseId, Sex sex, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE registry.cases SET missing_sex = @sex, updated_at = now() WHERE id = @case");
        command.Parameters.AddWithValue("case", caseId);
        command.Parameters.AddWithValue("sex", NpgsqlTypes.NpgsqlDbType.Char, sex == Sex.Unknown ? DBNull.Value : SexCodes.Code(sex));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Sex> MissingSexAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT missing_sex FROM registry.cases WHERE id = @case");
        command.Parameters.AddWithValue("case", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is string code ? SexCodes.Parse(code[0]) : Sex.Unknown;
    }

    public async Task<Dictionary<string, Sex>> MissingSexesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id, missing_sex FROM registry.cases WHERE id = ANY(@ids) AND missing_sex IS NOT NULL");
        command.Parameters.AddWithValue("ids", caseIds.ToArray());
        var sexes = new Dictionary<string, Sex>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sexes[reader.GetString(0)] = SexCodes.Parse(reader.GetChar(1));
        }

        return sexes;
    }

    public async Task<Dictionary<string, Sex>> SexesAsync(IReadOnlyCollection<string> profileIds, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id, sex FROM registry.profiles WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", profileIds.ToArray());
        var sexes = new Dictionary<string, Sex>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sexes[reader.GetString(0)] = SexCodes.Parse(reader.GetChar(1));
        }

        return sexes;
    }

    public async Task<PersonsBySex> PersonsBySexAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE sex = 'M'), count(*) FILTER (WHERE sex = 'F'), count(*) FILTER (WHERE sex NOT IN ('M', 'F'))
            FROM registry.profiles WHERE category = 'unknown-parentage'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PersonsBySex(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// Cases with their revision and references, read in one statement so that the two agree. Each case's references
    /// are looked up by its id (OFFSET 0 keeps the planner from joining otherwise): with statistics behind a bulk
    /// import it intersected them with every family reference, or hashed the whole profiles table, for each batch
    /// (50–460 ms a batch, measured with EXPLAIN ANALYZE). A profile with a case and a role is a family reference
    /// (the table's check).
    /// </summary>
    private async Task<List<StoredCase>> Cases(string where, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"""
            SELECT c.id, c.revision, p.id, p.role, p.sex, p.loci
            FROM registry.cases c
            LEFT JOIN LATERAL (SELECT r.id, r.role, r.sex, r.loci FROM registry.profiles r
                               WHERE r.case_id = c.id AND r.role IS NOT NULL OFFSET 0) p ON true
            WHERE {where} ORDER BY c.id, p.id
            """);
        bind(command);
        var cases = new List<StoredCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var caseId = reader.GetString(0);
            if (cases.Count == 0 || cases[^1].Id != caseId)
            {
                cases.Add(new StoredCase(caseId, reader.GetInt32(1), []));
            }

            if (!reader.IsDBNull(2))
            {
                RoleNames.TryParse(reader.GetString(3), out var role);
                cases[^1].References.Add(new CaseReference(caseId, reader.GetString(2), role,
                    new Profile(SexCodes.Parse(reader.GetChar(4)), LociJson.Read(reader.GetString(5)))));
            }
        }

        return cases;
    }

    private static async Task<Dictionary<(string Case, string Role), string>> SingularHolders(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken)
    {
        var holders = new Dictionary<(string, string), string>();
        var caseIds = records.Where(r => r.CaseId is not null).Select(r => r.CaseId!).Distinct().ToArray();
        if (caseIds.Length == 0)
        {
            return holders;
        }

        await using var command = new NpgsqlCommand(
            "SELECT case_id, role, id FROM registry.profiles WHERE case_id = ANY(@cases) AND role = ANY(@roles)", connection, transaction);
        command.Parameters.AddWithValue("cases", caseIds);
        command.Parameters.AddWithValue("roles", SingularRoles);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        }

        return holders;
    }

    private static async Task<List<SearchRequest>> Owe(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(SearchKind Kind, string Subject)> subjects, CancellationToken cancellationToken)
    {
        var searches = new List<SearchRequest>();
        if (subjects.Count == 0)
        {
            return searches;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO registry.searches (subject_kind, subject_id)
            SELECT kind, subject FROM unnest(@kinds, @subjects) WITH ORDINALITY AS s(kind, subject, n) ORDER BY n
            RETURNING id, subject_kind, subject_id
            """, connection, transaction);
        command.Parameters.AddWithValue("kinds", subjects.Select(s => SearchRequest.KindName(s.Kind)).ToArray());
        command.Parameters.AddWithValue("subjects", subjects.Select(s => s.Subject).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            searches.Add(new SearchRequest(reader.GetInt64(0), SearchRequest.ParseKind(reader.GetString(1)), reader.GetString(2)));
        }

        return searches;
    }

    /// <summary>
    /// Creates the new cases and raises the revision of every case the batch changes (joined or left); returns the
    /// cases it created (revision 1: a case that was there already is raised to 2 or more).
    /// </summary>
    private static async Task<HashSet<string>> UpsertCases(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Dictionary<string, string> provinces, SortedSet<string> changed, CancellationToken cancellationToken)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            return created;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO registry.cases (id, province, bucket_hash)
            SELECT * FROM unnest(@ids, @provinces, @buckets)
            ON CONFLICT (id) DO UPDATE SET updated_at = now(), revision = registry.cases.revision + 1
            RETURNING id, revision
            """, connection, transaction);
        // In order of id, as every transaction takes its cases' locks: two batches committing at once wait, not deadlock.
        var joined = provinces.OrderBy(c => c.Key, StringComparer.Ordinal).ToArray();
        command.Parameters.AddWithValue("ids", joined.Select(c => c.Key).ToArray());
        command.Parameters.AddWithValue("provinces", joined.Select(c => c.Value).ToArray());
        command.Parameters.AddWithValue("buckets", joined.Select(c => BucketHash.Of(c.Key)).ToArray());
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt32(1) == 1)
                {
                    created.Add(reader.GetString(0));
                }
            }
        }

        var left = changed.Where(c => !provinces.ContainsKey(c)).ToArray();
        if (left.Length > 0)
        {
            await using var leave = new NpgsqlCommand(
                "UPDATE registry.cases SET updated_at = now(), revision = revision + 1 WHERE id = ANY(@ids)", connection, transaction);
            leave.Parameters.AddWithValue("ids", left);
            await leave.ExecuteNonQueryAsync(cancellationToken);
        }

        return created;
    }

    /// <summary>New profiles go in with COPY inside the batch's transaction, in its binary format (<see cref="ProfileRows"/>).</summary>
    private static async Task Copy(NpgsqlConnection connection, List<ProfileRecord> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
        {
            return;
        }

        // PostgreSQL refuses COPY FROM into a table whose row-level security binds the caller, as it binds the
        // runtime role: the rows are copied into a table of this session's own, then inserted (under the policies).
        await using (var staging = new NpgsqlCommand(ProfileRows.Staging, connection))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginRawBinaryCopyAsync(ProfileRows.Copy, cancellationToken))
        {
            using var rows = new ProfileRows();
            rows.Header();
            foreach (var record in created)
            {
                rows.Add(record);
                if (rows.Length >= CopyChunk)
                {
                    await copy.WriteAsync(rows.Written, cancellationToken);
                    rows.Clear();
                }
            }

            rows.Trailer();
            await copy.WriteAsync(rows.Written, cancellationToken);
        }

        await using var insert = new NpgsqlCommand(ProfileRows.Insert, connection);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private const int CopyChunk = 32 * 1024;

    private static NpgsqlBatchCommand Update(ProfileRecord record)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE registry.profiles
            SET category = @category, case_id = @case, role = @role, province = @province, sex = @sex, loci = @loci,
                content_hash = @hash, bucket_hash = @bucket, version = version + 1, updated_at = now()
            WHERE id = @id
            """);
        Bind(command, record);
        return command;
    }

    private static void Bind(NpgsqlBatchCommand command, ProfileRecord record)
    {
        command.Parameters.AddWithValue("id", record.Id);
        command.Parameters.AddWithValue("category", ProfileCategoryNames.Name(record.Category));
        command.Parameters.AddWithValue("case", (object?)record.CaseId ?? DBNull.Value);
        command.Parameters.AddWithValue("role", record.Role is { } role ? RoleNames.Name(role) : DBNull.Value);
        command.Parameters.AddWithValue("province", record.Province);
        command.Parameters.AddWithValue("sex", SexCodes.Text(record.Sex));
        command.Parameters.AddWithValue("loci", NpgsqlDbType.Text, record.LociText);
        command.Parameters.AddWithValue("hash", record.ContentHash);
        command.Parameters.AddWithValue("bucket", BucketHash.Of(record.BucketKey));
    }

}
