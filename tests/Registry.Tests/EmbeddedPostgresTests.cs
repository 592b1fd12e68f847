using System.Diagnostics;
using System.Globalization;
using Matching.Registry.Database;
using Npgsql;

namespace Matching.Registry.Tests;

/// <summary>
/// The embedded cluster's lifecycle: its password kept with it, a data folder deleted between two starts, a silo
/// killed with the cluster still running, and two silos on one data folder.
/// </summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    // As root the cluster runs as postgres: a parent only root may enter makes it live in /var/lib/matching, apart
    // from the data folder, which is the case where the two could part.
    private readonly string _parent = Path.Combine(Path.GetTempPath(), $"matching-lifecycle-{Guid.NewGuid():N}");
    private readonly List<string> _log = [];

    public EmbeddedPostgresTests()
    {
        Directory.CreateDirectory(_parent);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Folder => Path.Combine(_parent, ".matching");

    private readonly HashSet<string> _roots = [];

    private async Task<EmbeddedPostgres> Start()
    {
        var server = await EmbeddedPostgres.StartAsync(Folder, m => { lock (_log) { _log.Add(m); } }, durable: false);
        _roots.Add(Path.GetDirectoryName(server.Root)!);
        return server;
    }

    private static async Task<object?> Query(EmbeddedPostgres server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<bool> Answers(EmbeddedPostgres server)
    {
        try
        {
            return await Query(server, "SELECT 1") is 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_data_folder_deleted_between_two_starts_leaves_a_cluster_the_next_start_can_use()
    {
        var first = await Start();
        await Query(first, "CREATE TABLE kept (n int)");
        var root = first.Root;
        await first.DisposeAsync();
        Assert.False(await Answers(first), "the silo stops the cluster it used");

        Directory.Delete(Folder, recursive: true);
        var second = await Start();
        try
        {
            Assert.True(await Answers(second), string.Join('\n', _log));
            if (!root.StartsWith(Folder, StringComparison.Ordinal))
            {
                // The cluster outlived its data folder: it is adopted, records and all, and the silo says so.
                Assert.Equal(root, second.Root);
                Assert.Equal(0L, await Query(second, "SELECT count(*) FROM kept"));
                Assert.Contains(_log, m => m.Contains("adopting that cluster", StringComparison.Ordinal));
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cluster_whose_password_was_lost_is_adopted_with_a_new_one()
    {
        var first = await Start();
        await Query(first, "CREATE TABLE kept (n int)");
        await first.DisposeAsync();
        File.Delete(Path.Combine(first.Root, "password"));

        var second = await Start();
        try
        {
            Assert.Equal(0L, await Query(second, "SELECT count(*) FROM kept"));
            Assert.Contains(_log, m => m.Contains("setting a new one", StringComparison.Ordinal));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cluster_left_running_by_a_killed_silo_is_adopted_and_stopped_with_the_next()
    {
        var silo = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Silo.dll"),
            "--data", Folder, "--urls", "http://127.0.0.1:0", "--silo-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            "--gateway-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), "--cluster-id", $"kill-{Guid.NewGuid():N}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var ready = false;
            while (!ready && await silo.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
            {
                ready = line.Contains("registry ready", StringComparison.Ordinal);
            }

            Assert.True(ready, "the silo did not start");
        }
        finally
        {
            silo.Kill(entireProcessTree: false); // SIGKILL: the silo cannot stop its cluster
            await silo.WaitForExitAsync();
        }

        var next = await Start();
        Assert.True(await Answers(next));
        Assert.Contains(_log, m => m.Contains("left running", StringComparison.Ordinal));
        await next.DisposeAsync();
        Assert.False(await Answers(next), "the cluster the killed silo left is stopped with the silo that adopted it");
    }

    [Fact]
    public async Task Two_silos_of_one_data_folder_share_the_cluster_and_the_last_to_stop_stops_it()
    {
        var (first, second) = (await Start(), await Start());
        Assert.Equal(first.Port, second.Port);
        Assert.Contains(_log, m => m.Contains("another silo of this data folder runs", StringComparison.Ordinal));

        await first.DisposeAsync();
        Assert.True(await Answers(second), "stopping one silo left the other without its database");
        await second.DisposeAsync();
        Assert.False(await Answers(second));
    }

    public void Dispose()
    {
        foreach (var folder in _roots.Where(r => !r.StartsWith(_parent, StringComparison.Ordinal)).Append(_parent))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
