namespace Matching.Grains.Benchmarking;

/// <summary>
/// A search started with locus bucket pruning off, for the cluster benchmark to measure what pruning loses. Not
/// part of the registry's own protocol (<see cref="IMatchCoordinatorGrain"/>); the same grain serves both.
/// </summary>
public interface IExhaustiveSearch : IGrainWithIntegerKey
{
    Task StartExhaustive();
}
