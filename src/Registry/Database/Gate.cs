namespace Matching.Registry.Database;

/// <summary>
/// A lock across processes on one folder: a file held open with no sharing. Silos of one data folder start and stop
/// its PostgreSQL cluster one at a time, so two never both start it, and one never stops it while another adopts it.
/// </summary>
internal sealed class Gate : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly FileStream _held;

    private Gate(FileStream held) => _held = held;

    public static async Task<Gate> EnterAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "lifecycle.lock");
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return new Gate(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _held.DisposeAsync();
}
