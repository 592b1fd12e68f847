using Npgsql;
using Matching.Registry.Database;

namespace Matching.Registry.Stores;

/// <summary>Possible duplicates in registry.possible_duplicates.</summary>
public sealed class DuplicateStore(RegistryDatabase database) : IDuplicateStore
{
    public async Task FlagDuplicatesAsync(string profileId, IReadOnlyList<(string Id, int SharedLoci)> duplicates, CancellationToken cancellationToken = default)
    {
        if (duplicates.Count == 0)
        {
            return;
        }

        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO registry.possible_duplicates (profile_id, duplicate_of, shared_loci)
            SELECT @profile, d.id, d.shared FROM unnest(@ids, @shared) AS d(id, shared)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("profile", profileId);
        command.Parameters.AddWithValue("ids", duplicates.Select(d => d.Id).ToArray());
        command.Parameters.AddWithValue("shared", duplicates.Select(d => d.SharedLoci).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PossibleDuplicate>> PossibleDuplicatesAsync(string? profileId, int limit, IReadOnlyList<string>? provinces = null,
        CancellationToken cancellationToken = default)
    {
        var (connection, transaction) = await database.BeginScopedAsync(provinces, cancellationToken);
        await using var scoped = connection;
        await using var reading = transaction;
        await using var command = new NpgsqlCommand("""
            SELECT d.profile_id, d.duplicate_of, d.shared_loci, d.found_at FROM registry.possible_duplicates d
            WHERE (@profile::text IS NULL OR d.profile_id = @profile OR d.duplicate_of = @profile)
              AND (@provinces::text[] IS NULL
                   OR (EXISTS (SELECT 1 FROM registry.profiles p WHERE p.id = d.profile_id AND p.province = ANY (@provinces))
                       AND EXISTS (SELECT 1 FROM registry.profiles q WHERE q.id = d.duplicate_of AND q.province = ANY (@provinces))))
            ORDER BY d.found_at DESC, d.profile_id, d.duplicate_of LIMIT @limit
            """, connection, transaction);
        command.Parameters.AddWithValue("provinces", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, (object?)provinces?.ToArray() ?? DBNull.Value);
        command.Parameters.AddWithValue("profile", (object?)profileId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var found = new List<PossibleDuplicate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new PossibleDuplicate(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return found;
    }
}
