namespace Matching.Grains.Benchmarking;

/// <summary>
/// A person bucket loaded in bulk with persons already packed, for the cluster benchmark. Not part of the registry's
/// own protocol (<see cref="IPersonBucketGrain"/>); the same grain serves both.
/// </summary>
public interface IPersonBucketLoader : IGrainWithStringKey
{
    Task Load(PackedPersons persons);
}
