using Npgsql;

namespace Matching.Registry.Tests;

/// <summary>
/// Row-level security, asked directly: connected as the silo's runtime role, a transaction scoped to one province
/// reads none of another province's rows, even when its query names them; the role is no superuser, no owner, has
/// no BYPASSRLS, and may not change or remove audit rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RowLevelSecurityTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(2718);
    private SiloUnderTest _silo = null!;
    private NpgsqlDataSource _owner = null!;
    private NpgsqlDataSource _runtime = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloUnderTest.StartAsync(postgres, "rls");
        _owner = NpgsqlDataSource.Create(_silo.Options.ConnectionString!);
        _runtime = NpgsqlDataSource.Create(_silo.Host.RuntimeConnectionString!);
        var (sf, hf, xf) = (_people.Person(), _people.Person(), _people.Person());
        await _silo.PostAsync(
            Families.Reference("S-F", "S-CASE", "father", 'M', sf, "Sichuan"), Families.Unknown("S-U", 'M', _people.Child(sf, _people.Person()), "Sichuan"),
            Families.Reference("H-F", "H-CASE", "father", 'M', hf, "Henan"), Families.Unknown("H-U", 'M', _people.Child(hf, _people.Person()), "Henan"),
            Families.Reference("X-F", "X-CASE", "father", 'M', xf, "Sichuan"), Families.Unknown("X-U", 'M', _people.Child(xf, _people.Person()), "Henan"));
        await _silo.SettleAsync();
    }

    public async Task DisposeAsync()
    {
        await _owner.DisposeAsync();
        await _runtime.DisposeAsync();
        await _silo.DisposeAsync();
    }

    private static async Task<List<string>> Strings(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }

    private async Task<List<string>> AsOwner(string sql)
    {
        await using var connection = await _owner.OpenConnectionAsync();
        return await Strings(connection, null, sql);
    }

    [Fact]
    public async Task A_transaction_scoped_to_Henan_reads_no_row_of_Sichuan_even_by_name()
    {
        await using var connection = await _runtime.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var scope = new NpgsqlCommand("SELECT set_config('matching.provinces', '{Henan}', true)", connection, transaction))
        {
            await scope.ExecuteNonQueryAsync();
        }

        // Named outright: nothing.
        Assert.Empty(await Strings(connection, transaction, "SELECT id FROM registry.profiles WHERE id IN ('S-F', 'S-U')"));
        Assert.Empty(await Strings(connection, transaction, "SELECT id FROM registry.cases WHERE id = 'S-CASE'"));
        Assert.Empty(await Strings(connection, transaction, "SELECT profile_id FROM registry.matches WHERE case_id = 'S-CASE'"));

        // Everything: what the tables hold for Henan, read by the owner with the rule written out here.
        var matches = await AsOwner("""
            SELECT m.case_id || '/' || m.profile_id FROM registry.matches m
            JOIN registry.cases c ON c.id = m.case_id JOIN registry.profiles p ON p.id = m.profile_id
            WHERE c.province = 'Henan' OR p.province = 'Henan'
            """);
        Assert.Contains("X-CASE/X-U", matches);
        Assert.Equal(matches, await Strings(connection, transaction, "SELECT case_id || '/' || profile_id FROM registry.matches"));
        var profiles = await AsOwner("""
            SELECT p.id FROM registry.profiles p WHERE p.province = 'Henan'
               OR EXISTS (SELECT 1 FROM registry.matches m JOIN registry.profiles q ON q.id = m.profile_id
                          WHERE m.case_id = p.case_id AND q.province = 'Henan')
            """);
        Assert.Equal(["H-F", "H-U", "X-F", "X-U"], profiles);
        Assert.Equal(profiles, await Strings(connection, transaction, "SELECT id FROM registry.profiles"));
        Assert.Equal(["H-CASE", "X-CASE"], await Strings(connection, transaction, "SELECT id FROM registry.cases"));
    }

    [Fact]
    public async Task A_connection_with_no_scope_reads_nothing_and_the_runtime_role_cannot_rewrite_the_audit()
    {
        await using var connection = await _runtime.OpenConnectionAsync();
        Assert.Empty(await Strings(connection, null, "SELECT id FROM registry.profiles"));
        Assert.Empty(await Strings(connection, null, "SELECT profile_id FROM registry.matches"));

        await using (var role = new NpgsqlCommand("""
            SELECT current_user || ' ' || rolsuper || ' ' || rolbypassrls || ' ' ||
                   (SELECT count(*) FROM pg_tables WHERE schemaname = 'registry' AND tableowner = current_user)
            FROM pg_roles WHERE rolname = current_user
            """, connection))
        {
            Assert.Equal("matching_runtime false false 0", await role.ExecuteScalarAsync());
        }

        Assert.NotEmpty(await AsOwner("SELECT id::text FROM registry.audit_log"));
        foreach (var sql in new[] { "UPDATE registry.audit_log SET subject = 'someone else'", "DELETE FROM registry.audit_log", "TRUNCATE registry.audit_log" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }
}
