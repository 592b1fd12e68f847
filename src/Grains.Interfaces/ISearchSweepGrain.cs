namespace Matching.Grains;

/// <summary>
/// The reminder-driven sweep (one per cluster, key 0): finds searches that a lost message or a crashed silo left
/// pending and starts them again.
/// </summary>
public interface ISearchSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the sweep's reminder is registered.</summary>
    Task Ensure();

    /// <summary>Restarts every search pending for longer than the configured quiet time; returns how many.</summary>
    Task<int> Sweep();
}
