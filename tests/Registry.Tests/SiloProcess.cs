using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Matching.Registry.Tests;

/// <summary>A silo started as its own process (the published command), whose log is kept and whose death is a real SIGKILL.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process) => _process = process;

    /// <summary>The API's address, once the silo said it is ready.</summary>
    public string Url { get; private set; } = "";

    public string Log => string.Join('\n', _log);

    public static async Task<SiloProcess> StartAsync(string connectionString, string clusterId, string dataFolder)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Silo.dll"),
                "--urls", "http://127.0.0.1:0", "--data", dataFolder, "--cluster-id", clusterId,
                "--silo-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                "--gateway-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                // The connection string from the environment, as Kubernetes gives it: not on a command line others can read.
                Environment = { ["MATCHING__ConnectionString"] = connectionString },
            },
        };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.Received(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Received(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => silo._ready.TrySetException(new InvalidOperationException($"the silo exited:\n{silo.Log}")), TaskScheduler.Default);
        try
        {
            silo.Url = await silo._ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        const string Ready = "registry ready at ";
        if (line.IndexOf(Ready, StringComparison.Ordinal) is >= 0 and var at)
        {
            _ready.TrySetResult(line[(at + Ready.Length)..].Trim());
        }
    }

    /// <summary>SIGKILL: no goodbye to the cluster, no search handed back.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: a graceful leave, as Kubernetes asks.
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            if (!await Task.Run(() => _process.WaitForExit(TimeSpan.FromSeconds(30))))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
