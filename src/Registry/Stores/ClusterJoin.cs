namespace Matching.Registry.Stores;

/// <summary>Whether a silo's kinship settings may join its cluster; the cluster's settings, and its silos that are up.</summary>
public sealed record ClusterJoin(bool Accepted, int ClusterSettingsId, IReadOnlyList<string> LiveSilos);
