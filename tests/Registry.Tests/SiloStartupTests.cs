using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Matching.Registry.Tests;

/// <summary>A silo that cannot start says why in one line with an exit code, before it touches any database.</summary>
public sealed class SiloStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"matching-startup-{Guid.NewGuid():N}");

    private static string Port() => LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);

    private async Task<(int Exit, string Error)> Silo(params string[] args)
    {
        using var silo = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "Matching.Silo.dll"), "--urls", "http://127.0.0.1:0", "--silo-port", Port(), "--gateway-port", Port(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateDirectory(_folder).FullName,
        })!;
        var error = silo.StandardError.ReadToEndAsync();
        await silo.StandardOutput.ReadToEndAsync();
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (silo.ExitCode, (await error).Trim());
    }

    [Fact]
    public async Task Each_mistake_is_one_line_with_its_exit_code_and_no_database_is_made()
    {
        var file = Path.Combine(Directory.CreateDirectory(_folder).FullName, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var cases = new (string[] Args, int Exit, string Says)[]
        {
            (["--frequencies", "/nope"], 66, "--frequencies /nope: no such file"),
            (["--data", file], 73, "is a file"),
            (["--silo-port", busy], 75, $"port {busy} (--silo-port)"),
            (["--gateway-port", busy], 75, $"port {busy} (--gateway-port)"),
            (["--urls", $"http://127.0.0.1:{busy}"], 75, $"port {busy} (--urls)"),
            (["--connection-string", $"Host=127.0.0.1;Port={busy};Username=u;Password=secret-word;Database=d;Timeout=3"], 69, $"PostgreSQL at 127.0.0.1:{busy}, database d cannot be used"),
        };
        foreach (var (args, exit, says) in cases)
        {
            var (code, error) = await Silo(args);
            Assert.True(exit == code, $"{string.Join(' ', args)}: exit {code}, not {exit}: {error}");
            Assert.Contains(says, error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error); // one line: no stack trace
            Assert.DoesNotContain("secret-word", error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(_folder, ".matching")), "a failed start made a data folder");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
