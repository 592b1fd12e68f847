using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Matching.Registry.Database;

/// <summary>
/// A private PostgreSQL cluster under the registry's data folder, made with the machine's PostgreSQL binaries,
/// so that a fresh machine runs a registry with no database to set up. It listens on 127.0.0.1 only, on a free
/// port, with a generated password. PostgreSQL refuses to run as root, so as root its programs run as the
/// 'postgres' user, in a folder that user can reach.
/// The cluster keeps its own password beside its data, so the two cannot part. Each silo that uses it holds a lease
/// (a file named after its process); a silo stops the cluster when it stops unless another live silo holds one, so a
/// cluster left running by a killed silo is adopted by the next and stopped with it.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string Superuser = "matching";
    private readonly string _binaries;
    private readonly bool _asPostgresUser;
    private const string PasswordFile = "password";
    private readonly Action<string> _log;
    private readonly string _lease;
    private bool _leased;

    private EmbeddedPostgres(string binaries, string root, bool asPostgresUser, Action<string> log)
    {
        _binaries = binaries;
        Root = root;
        _asPostgresUser = asPostgresUser;
        _log = log;
        using var self = Process.GetCurrentProcess();
        _lease = Path.Combine(LeaseFolder, $"{self.Id}-{self.StartTime.ToUniversalTime().Ticks}-{Guid.NewGuid():N}");
    }

    /// <summary>The folder that holds the cluster (data, server log).</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public int Port { get; private set; }

    private string Password { get; set; } = "";

    private string LeaseFolder => Path.Combine(Root, "silos");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
        MaxPoolSize = 30,
    }.ConnectionString;

    /// <summary>Starts the cluster under <paramref name="folder"/>, creating it on first use; adopts one already running.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string folder, Action<string> log, bool durable = true, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var binaries = FindBinaries();
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(folder, "postgres");
        if (asPostgresUser)
        {
            root = await ReachableRoot(folder, root, log, cancellationToken);
        }

        Directory.CreateDirectory(root);
        var server = new EmbeddedPostgres(binaries, root, asPostgresUser, log);
        await using (await Gate.EnterAsync(root, cancellationToken))
        {
            await server.CredentialsAsync(folder, cancellationToken);
            await server.InitializeAsync(durable, cancellationToken);
            await server.RunAsync(cancellationToken);
            server.TakeLease();
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leased)
        {
            return;
        }

        _leased = false;
        await using (await Gate.EnterAsync(Root, CancellationToken.None))
        {
            File.Delete(_lease);
            if (LiveLeases().Count > 0)
            {
                _log($"leaving the private PostgreSQL cluster in {Root} running: another silo of this data folder uses it");
                return;
            }

            await Run("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None, check: false);
        }
    }

    /// <summary>The leases of silos still alive; those of dead processes (a kill -9) are removed.</summary>
    private List<string> LiveLeases()
    {
        var live = new List<string>();
        foreach (var lease in Directory.Exists(LeaseFolder) ? Directory.GetFiles(LeaseFolder) : [])
        {
            var parts = Path.GetFileName(lease).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[0], out var pid) && long.TryParse(parts[1], out var started) && Alive(pid, started))
            {
                live.Add(lease);
            }
            else
            {
                File.Delete(lease);
            }
        }

        return live;
    }

    /// <summary>Whether process <paramref name="pid"/> is the one that started at <paramref name="started"/> (a pid is reused).</summary>
    private static bool Alive(int pid, long started)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.StartTime.ToUniversalTime().Ticks == started;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void TakeLease()
    {
        Directory.CreateDirectory(LeaseFolder);
        File.WriteAllText(_lease, "");
        _leased = true;
    }

    /// <summary>
    /// The cluster's password, kept in its own folder. An older layout kept it in the data folder: it is moved. A
    /// cluster with no password to be found (its data folder was deleted) is adopted with a new one, set through the
    /// server's own files in single-user mode, which needs no password.
    /// </summary>
    private async Task CredentialsAsync(string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Root, PasswordFile);
        var legacy = Path.Combine(folder, "postgres.password");
        if (!File.Exists(file) && File.Exists(legacy))
        {
            File.Move(legacy, file);
        }

        if (File.Exists(file))
        {
            Password = (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
            return;
        }

        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            _log($"adopting the private PostgreSQL cluster in {Root}, whose password was lost with its data folder: setting a new one");
            if (await Running(cancellationToken))
            {
                await Run("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken);
            }

            await Run("postgres", ["--single", "-D", DataDirectory, "postgres"], cancellationToken,
                input: $"ALTER ROLE {Superuser} WITH PASSWORD '{Password}';\n");
        }

        await File.WriteAllTextAsync(file, Password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task<bool> Running(CancellationToken cancellationToken) =>
        File.Exists(Path.Combine(DataDirectory, "postmaster.pid")) && await Run("pg_ctl", ["status", "-D", DataDirectory], cancellationToken, check: false) == 0;

    /// <summary>The newest PostgreSQL the machine has: MATCHING_POSTGRES_BIN, /usr/lib/postgresql/N/bin, or the PATH.</summary>
    public static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("MATCHING_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL is not installed on this machine (no initdb in /usr/lib/postgresql/*/bin or on the PATH). " +
            "Install it (Debian/Ubuntu: apt-get install postgresql), set MATCHING_POSTGRES_BIN, " +
            "give a connection string (--connection-string or MATCHING_CONNECTION_STRING), or run with --in-memory.");
    }

    private async Task InitializeAsync(bool durable, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        _log($"creating a private PostgreSQL cluster in {Root}");
        var passwordFile = Path.Combine(Root, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);
        await Own(passwordFile, cancellationToken);
        try
        {
            await Run("initdb", ["-D", DataDirectory, "-U", Superuser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                "-E", "UTF8", "--no-locale"], cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# The registry's private cluster: local TCP only, no socket file.")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 300")
            .AppendLine("# A bulk import writes gigabytes of WAL: checkpoints a gigabyte apart (the default) made PostgreSQL")
            .AppendLine("# log every page it touched again in full after each one.")
            .AppendLine("max_wal_size = 8GB")
            .AppendLine("# A new WAL segment is not filled with zeros first (16 MB written twice): until segments are recycled,")
            .AppendLine("# a bulk import spent 2 % of the machine's CPU creating them. Each commit's fdatasync still makes it durable.")
            .AppendLine("wal_init_zero = off");
        if (!durable)
        {
            // Test clusters only: a crash of the machine may lose the last commits.
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        }

        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), settings.ToString(), cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (await Running(cancellationToken))
        {
            // Line 4 of postmaster.pid is the port the running server listens on.
            Port = int.Parse((await File.ReadAllLinesAsync(pidFile, cancellationToken))[3], CultureInfo.InvariantCulture);
            _log(LiveLeases().Count > 0
                ? $"using the private PostgreSQL cluster in {Root} on port {Port}, which another silo of this data folder runs"
                : $"adopting the private PostgreSQL cluster left running in {Root} on port {Port} (its silo did not stop it); it stops with this silo");
            return;
        }

        Port = LoopbackPort.Free();
        _log($"starting the private PostgreSQL cluster in {Root} on 127.0.0.1:{Port}");
        await Run("pg_ctl", ["start", "-D", DataDirectory, "-w", "-t", "120", "-l", Path.Combine(Root, "server.log"),
            "-o", $"-p {Port}"], cancellationToken);
    }

    private async Task<int> Run(string program, string[] arguments, CancellationToken cancellationToken, bool check = true, string? input = null)
    {
        var path = Path.Combine(_binaries, program);
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        if (_asPostgresUser)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", path])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = path;
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        // pg_ctl start leaves the server holding our pipes; read until the program itself exits.
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (check && process.ExitCode != 0)
        {
            var log = Path.Combine(Root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', (await File.ReadAllLinesAsync(log, CancellationToken.None)).TakeLast(15)) : "";
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: " +
                $"{(error.IsCompleted ? await error : "")}{(output.IsCompleted ? await output : "")}\n{tail}".Trim());
        }

        return process.ExitCode;
    }

    private async Task Own(string path, CancellationToken cancellationToken)
    {
        if (_asPostgresUser)
        {
            await Chown(path, cancellationToken);
        }
    }

    private static async Task Chown(string path, CancellationToken cancellationToken)
    {
        using var chown = Process.Start("chown", ["-R", "postgres:", path]) ?? throw new InvalidOperationException("chown failed");
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"could not give {path} to the postgres user");
        }
    }

    /// <summary>
    /// As root, the cluster lives where the postgres user can reach it: under the data folder when every parent
    /// lets it through, else in /var/lib/matching (the data folder then holds a note of where).
    /// </summary>
    private static async Task<string> ReachableRoot(string folder, string preferred, Action<string> log, CancellationToken cancellationToken)
    {
        var note = Path.Combine(folder, "postgres.location");
        if (File.Exists(note))
        {
            return (await File.ReadAllTextAsync(note, cancellationToken)).Trim();
        }

        Directory.CreateDirectory(preferred);
        await Chown(preferred, cancellationToken);
        if (await Reachable(preferred, cancellationToken))
        {
            return preferred;
        }

        var fallback = Path.Combine("/var/lib/matching", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16], "postgres");
        if (File.Exists(Path.Combine(fallback, "data", "PG_VERSION")))
        {
            // The data folder was deleted (its note with it), not the cluster: the registry's records are still there.
            log($"the data folder {folder} had lost its note of the private PostgreSQL cluster in {fallback}; adopting that cluster " +
                $"(to start afresh, remove {Path.GetDirectoryName(fallback)} too)");
        }

        Directory.CreateDirectory(fallback);
        await Chown("/var/lib/matching", cancellationToken);
        await File.WriteAllTextAsync(note, fallback, cancellationToken);
        Directory.Delete(preferred, recursive: false);
        return fallback;
    }

    private static async Task<bool> Reachable(string path, CancellationToken cancellationToken)
    {
        using var test = Process.Start("runuser", ["-u", "postgres", "--", "test", "-w", path, "-a", "-x", path])
            ?? throw new InvalidOperationException("runuser failed");
        await test.WaitForExitAsync(cancellationToken);
        return test.ExitCode == 0;
    }
}
