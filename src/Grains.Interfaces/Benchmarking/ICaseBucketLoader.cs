namespace Matching.Grains.Benchmarking;

/// <summary>
/// A case bucket loaded in bulk with cases already packed, for the cluster benchmark: millions of cases without
/// PostgreSQL. Not part of the registry's own protocol (<see cref="ICaseBucketGrain"/>); the same grain serves both.
/// </summary>
public interface ICaseBucketLoader : IGrainWithStringKey
{
    Task Load(PackedCases cases);
}
