using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Access;

/// <summary>API keys in PostgreSQL (registry.api_keys), as hashes.</summary>
public sealed class ApiKeyStore(RegistryDatabase database) : IApiKeyStore
{
    private const string Columns = "id, name, role, provinces, created_by, created_at, expires_at, revoked_at, revoked_by";

    public async Task<ApiKey> CreateAsync(string name, AccessRole role, IReadOnlyList<string> provinces, DateTimeOffset expiresAt, string createdBy,
        byte[] secretHash, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO registry.api_keys (name, role, provinces, hash, created_by, expires_at)
            VALUES (@name, @role, @provinces, @hash, @by, @expires) RETURNING {Columns}
            """, connection, transaction);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("role", AccessRoleNames.Name(role));
        command.Parameters.AddWithValue("provinces", provinces.ToArray());
        command.Parameters.AddWithValue("hash", secretHash);
        command.Parameters.AddWithValue("by", createdBy);
        command.Parameters.AddWithValue("expires", expiresAt.UtcDateTime);
        var key = (await ReadAsync(command, cancellationToken)).Single();
        if (audit is not null)
        {
            await AuditLog.AppendAsync(connection, transaction, audit with { Ids = [$"key {key.Id}"] }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    public async Task<ApiKey?> FindByHashAsync(byte[] secretHash, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM registry.api_keys WHERE hash = @hash");
        command.Parameters.AddWithValue("hash", secretHash);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<ApiKey?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM registry.api_keys WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM registry.api_keys ORDER BY id");
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<bool> RevokeAsync(long id, string revokedBy, AuditEntry? audit = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE registry.api_keys SET revoked_at = now(), revoked_by = @by WHERE id = @id AND revoked_at IS NULL", connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("by", revokedBy);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        if (audit is not null)
        {
            await AuditLog.AppendAsync(connection, transaction, audit, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM registry.api_keys)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<ApiKey>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            AccessRoleNames.TryParse(reader.GetString(2), out var role);
            keys.Add(new ApiKey(reader.GetInt64(0), reader.GetString(1), role, reader.GetFieldValue<string[]>(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return keys;
    }
}
