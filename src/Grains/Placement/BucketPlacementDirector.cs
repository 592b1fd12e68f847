using Orleans.Runtime.Placement;

namespace Matching.Grains.Placement;

/// <summary>Activates a bucket on its home among the compatible silos; a migrating bucket goes home too.</summary>
public sealed class BucketPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(BucketHome.Of(target.GrainIdentity, context.GetCompatibleSilos(target)));
}
