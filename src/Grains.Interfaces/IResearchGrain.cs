namespace Matching.Grains;

/// <summary>
/// Drives one research (key: its id) to the end: starts its searches a few at a time, waits for each, and marks it
/// complete. A reminder and the silo's start-up resume it wherever it stopped.
/// </summary>
public interface IResearchGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the research is being driven (calling it again changes nothing).</summary>
    Task Resume();
}
