namespace Matching.Grains;

/// <summary>
/// The searches owed, set going (one per cluster, key 0): a pump that starts the searches nobody has started, a few
/// at a time, at the pace the buckets finish them; and a reminder-driven sweep that starts again the searches a lost
/// message or a crashed silo left pending.
/// </summary>
public interface ISearchSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the sweep's reminder is registered.</summary>
    Task Ensure();

    /// <summary>Searches have been committed: the pump starts them (returns at once; the pump runs until none is left).</summary>
    Task Kick();

    /// <summary>Restarts every search started but quiet for longer than the configured time, and kicks the pump; returns how many it restarted.</summary>
    Task<int> Sweep();
}
