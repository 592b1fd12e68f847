namespace Matching.Kinship.Contract;

/// <summary>A contract input's "power": the thresholds to report exceedance at, and the draws and seed of any simulation.</summary>
public sealed record PowerRequest(IReadOnlyList<double> Thresholds, int Draws, int Seed);
