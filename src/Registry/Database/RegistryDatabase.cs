using System.Reflection;
using Npgsql;

namespace Matching.Registry.Database;

/// <summary>
/// The registry's PostgreSQL database: a connection pool and the versioned migrations that build its schema
/// (Orleans' tables and the registry's own). Migrating is safe from several silos at once.
/// </summary>
public sealed class RegistryDatabase : IAsyncDisposable
{
    private const long MigrationLock = 0x4d61746368696e67; // "Matching"

    public RegistryDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        // The registry's statements are short. With statistics behind a bulk import the planner's estimates passed
        // the JIT threshold, and each batch's read of its cases spent 28 ms compiling (EXPLAIN ANALYZE).
        var pool = new NpgsqlConnectionStringBuilder(connectionString);
        pool.Options = $"{pool.Options} -c jit=off".Trim();
        ScopedDataSource = NpgsqlDataSource.Create(pool.ConnectionString);
        // The registry's own work (searches, imports, the sweep) reads every province (019-row-level-security.sql).
        pool.Options = $"{pool.Options} -c matching.scope=all";
        DataSource = NpgsqlDataSource.Create(pool.ConnectionString);
    }

    public string ConnectionString { get; }

    /// <summary>Connections that read every province: the registry's own work.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Connections that read nothing until a transaction says whose provinces it reads (<see cref="BeginScopedAsync"/>).</summary>
    public NpgsqlDataSource ScopedDataSource { get; }

    /// <summary>
    /// A transaction that reads only what <paramref name="provinces"/> may see (null: every province), by
    /// PostgreSQL's row-level security as well as by the query's own conditions.
    /// </summary>
    public async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> BeginScopedAsync(IReadOnlyList<string>? provinces,
        CancellationToken cancellationToken = default)
    {
        var connection = await (provinces is null ? DataSource : ScopedDataSource).OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provinces is not null)
        {
            await using var scope = new NpgsqlCommand("SELECT set_config('matching.provinces', @provinces, true)", connection, transaction);
            scope.Parameters.AddWithValue("provinces", ArrayLiteral(provinces));
            await scope.ExecuteNonQueryAsync(cancellationToken);
        }

        return (connection, transaction);
    }

    /// <summary>A text[] literal: each element quoted, with its quotes and backslashes escaped.</summary>
    private static string ArrayLiteral(IReadOnlyList<string> items) =>
        "{" + string.Join(",", items.Select(i => "\"" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "}";

    /// <summary>The migrations shipped with this build, in the order they apply: (version, name, SQL).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>Applies every migration the database has not seen, each in its own transaction; returns how many ran.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await Execute(connection, null, """
                CREATE TABLE IF NOT EXISTS public.matching_schema_version
                (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT version FROM public.matching_schema_version", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var count = 0;
            foreach (var (version, name, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, transaction, sql, cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO public.matching_schema_version (version, name) VALUES (@v, @n)", connection, transaction);
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                count++;
            }

            return count;
        }
        finally
        {
            await Execute(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    /// <summary>Creates the database named in a connection string when it does not exist (connecting to 'postgres').</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database ?? throw new ArgumentException("the connection string names no database");
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            var quoted = "\"" + name.Replace("\"", "\"\"") + "\"";
            await Execute(connection, null, $"CREATE DATABASE {quoted}", cancellationToken);
        }
    }

    /// <summary>Drops a database (the demo starts from an empty one each time).</summary>
    public static async Task DropAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var quoted = "\"" + builder.Database!.Replace("\"", "\"\"") + "\"";
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await Execute(connection, null, $"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await ScopedDataSource.DisposeAsync();
        await DataSource.DisposeAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            // Matching.Registry.Schema.001-orleans.sql
            var file = resource["Matching.Registry.Schema.".Length..];
            var version = int.Parse(file[..3], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, file[4..^4], reader.ReadToEnd()));
        }

        return [.. migrations.OrderBy(m => m.Item1)];
    }
}
