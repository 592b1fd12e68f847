namespace Matching.Grains.Buckets;

/// <summary>
/// The batches' scoring on a silo, one bucket turn per core at a time. A batch asks every bucket at once, and each
/// turn runs for long on a thread of the pool: unbounded, the pool grew threads past the cores and a third of the
/// silo's CPU went to threads spinning for work (a 1,000,000-line import's trace). Waiting here holds no thread.
/// A single registration's search is not gated: it does not wait behind a backlog.
/// </summary>
public sealed class ScoringGate : IDisposable
{
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>Runs <paramref name="work"/> once a core is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work)
    {
        await _cores.WaitAsync();
        try
        {
            return work();
        }
        finally
        {
            _cores.Release();
        }
    }

    public void Dispose() => _cores.Dispose();
}
