using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Stores;

/// <summary>The kinship settings results were made with, and the settings a cluster's running silos share.</summary>
public sealed class KinshipSettingsStore(RegistryDatabase database)
{
    /// <summary>Orleans' status of a silo in membership that is up (SiloStatus.Active).</summary>
    private const int Active = 3;

    /// <summary>The id of these settings, recorded the first time they are used.</summary>
    public async Task<int> RecordAsync(KinshipSettings settings, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO registry.kinship_settings (hash, settings) VALUES (@hash, @settings::jsonb)
            ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash
            RETURNING id
            """);
        command.Parameters.AddWithValue("hash", settings.Hash);
        command.Parameters.AddWithValue("settings", settings.ToJson());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<KinshipSettings?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT settings::text FROM registry.kinship_settings WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? KinshipSettings.FromJson(json) : null;
    }

    /// <summary>
    /// A silo joining <paramref name="clusterId"/> with settings <paramref name="settingsId"/>: accepted, and they become
    /// the cluster's, unless silos of the cluster that are up (active in membership, alive within
    /// <paramref name="aliveWithin"/>) run with others; then the cluster's settings and those silos, and nothing changes.
    /// </summary>
    public async Task<ClusterJoin> JoinAsync(string clusterId, int settingsId, TimeSpan aliveWithin, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two silos starting at once take turns here.
        await using (var lockRow = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('matching.cluster_settings'), hashtext(@cluster))", connection, transaction))
        {
            lockRow.Parameters.AddWithValue("cluster", clusterId);
            await lockRow.ExecuteNonQueryAsync(cancellationToken);
        }

        int? current = null;
        await using (var read = new NpgsqlCommand("SELECT settings_id FROM registry.cluster_settings WHERE cluster_id = @cluster", connection, transaction))
        {
            read.Parameters.AddWithValue("cluster", clusterId);
            current = await read.ExecuteScalarAsync(cancellationToken) is int id ? id : null;
        }

        var live = new List<string>();
        await using (var silos = new NpgsqlCommand("""
            SELECT Address || ':' || Port || ' (' || HostName || ', alive ' || to_char(IAmAliveTime, 'YYYY-MM-DD HH24:MI:SS') || ')'
            FROM OrleansMembershipTable
            WHERE DeploymentId = @cluster AND Status = @active AND IAmAliveTime > now() - @within
            ORDER BY Address, Port
            """, connection, transaction))
        {
            silos.Parameters.AddWithValue("cluster", clusterId);
            silos.Parameters.AddWithValue("active", Active);
            silos.Parameters.AddWithValue("within", aliveWithin);
            await using var reader = await silos.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                live.Add(reader.GetString(0));
            }
        }

        if (current is { } cluster && cluster != settingsId && live.Count > 0)
        {
            return new ClusterJoin(false, cluster, live);
        }

        await using (var write = new NpgsqlCommand("""
            INSERT INTO registry.cluster_settings (cluster_id, settings_id) VALUES (@cluster, @settings)
            ON CONFLICT (cluster_id) DO UPDATE SET settings_id = excluded.settings_id, updated_at = now()
            WHERE registry.cluster_settings.settings_id <> excluded.settings_id
            """, connection, transaction))
        {
            write.Parameters.AddWithValue("cluster", clusterId);
            write.Parameters.AddWithValue("settings", settingsId);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new ClusterJoin(true, settingsId, live);
    }
}
