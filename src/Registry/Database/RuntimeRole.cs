using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Matching.Registry.Database;

/// <summary>
/// The two roles of a registry database. matching_owner (no login) owns the schema; matching_runtime, which the silos
/// connect as, is neither a superuser nor an owner and has no BYPASSRLS, so row-level security binds it, and it may
/// only add to the audit. The connection a silo is given (the embedded superuser, or an administrator's) migrates,
/// then makes both roles and hands its objects to the owner, and is not used again.
/// </summary>
public static class RuntimeRole
{
    public const string Owner = "matching_owner";
    public const string Runtime = "matching_runtime";

    // Per database: several silos starting at once grant one after the other.
    private const long GrantLock = 0x4d61746368526f6c; // "MatchRol"

    /// <summary>
    /// Makes the roles and grants, and returns the connection string of the runtime role. Its password is derived
    /// from the administrator's (HMAC-SHA256), so every silo given the same connection derives the same one and
    /// none is stored. A connection that is not a superuser's, or has no password, is returned as it is: its role
    /// was made the runtime role by the database's administrators.
    /// </summary>
    public static async Task<string> ProvisionAsync(string administrator, CancellationToken cancellationToken = default)
    {
        var given = new NpgsqlConnectionStringBuilder(administrator);
        if (string.IsNullOrEmpty(given.Password))
        {
            return administrator;
        }

        await using (var probe = new NpgsqlConnection(administrator))
        {
            await probe.OpenAsync(cancellationToken);
            await using var superuser = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", probe);
            if (await superuser.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return administrator;
            }
        }

        var runtime = new NpgsqlConnectionStringBuilder(administrator) { Username = Runtime, Password = Password(given.Password) };
        await EnsureRolesAsync(administrator, runtime, cancellationToken);
        await GrantAsync(administrator, cancellationToken);
        return runtime.ConnectionString;
    }

    private static string Password(string administratorPassword) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(administratorPassword), Encoding.UTF8.GetBytes(Runtime)));

    /// <summary>Roles belong to the whole PostgreSQL cluster, where databases do not share locks: a race is retried.</summary>
    private static async Task EnsureRolesAsync(string administrator, NpgsqlConnectionStringBuilder runtime, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(administrator);
                await connection.OpenAsync(cancellationToken);
                await using var roles = new NpgsqlCommand($"""
                    DO $$
                    BEGIN
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Owner}') THEN
                            CREATE ROLE {Owner} NOLOGIN;
                        END IF;
                        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Runtime}') THEN
                            CREATE ROLE {Runtime} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION PASSWORD '{runtime.Password}';
                        END IF;
                    END $$
                    """, connection);
                await roles.ExecuteNonQueryAsync(cancellationToken);
                if (!await CanSignInAsync(runtime, cancellationToken))
                {
                    // The administrator's password changed since the role was made: so did the one derived from it.
                    await using var password = new NpgsqlCommand($"ALTER ROLE {Runtime} PASSWORD '{runtime.Password}'", connection);
                    await password.ExecuteNonQueryAsync(cancellationToken);
                }

                return;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.InternalError)
            {
                await Task.Delay(50 * attempt, cancellationToken);
            }
        }
    }

    private static async Task<bool> CanSignInAsync(NpgsqlConnectionStringBuilder runtime, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(runtime.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }

    /// <summary>Hands the registry's objects to the owner and grants the runtime what it needs: all but changing or removing audit rows.</summary>
    private static async Task GrantAsync(string administrator, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(administrator);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var grants = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({GrantLock});
            DO $$
            DECLARE
                item record;
            BEGIN
                EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO {Runtime}', current_database());
                IF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'registry') <> '{Owner}' THEN
                    ALTER SCHEMA registry OWNER TO {Owner};
                END IF;
                -- Tables, views and free-standing sequences; a column's sequence follows its table.
                FOR item IN
                    SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname IN ('registry', 'public') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                      AND c.relowner::regrole::text <> '{Owner}'
                      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                LOOP
                    IF item.relkind = 'S' THEN
                        EXECUTE format('ALTER SEQUENCE %s OWNER TO {Owner}', item.name);
                    ELSE
                        EXECUTE format('ALTER TABLE %s OWNER TO {Owner}', item.name);
                    END IF;
                END LOOP;
                FOR item IN
                    SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname IN ('registry', 'public') AND p.proowner::regrole::text <> '{Owner}'
                LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO {Owner}', item.name);
                END LOOP;
            END $$;
            GRANT USAGE ON SCHEMA registry, public TO {Runtime};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA registry, public TO {Runtime};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA registry, public TO {Runtime};
            GRANT EXECUTE ON ALL ROUTINES IN SCHEMA registry, public TO {Runtime};
            REVOKE UPDATE, DELETE, TRUNCATE ON registry.audit_log FROM {Runtime};
            """, connection, transaction);
        await grants.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
