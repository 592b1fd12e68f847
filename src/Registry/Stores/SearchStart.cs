namespace Matching.Registry.Stores;

/// <summary>A search marked started: how many times it has been, and whether it is parked (too many failed attempts).</summary>
public sealed record SearchStart(int Attempts, bool Parked);
