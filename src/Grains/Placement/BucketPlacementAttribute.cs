using Orleans.Placement;

namespace Matching.Grains.Placement;

/// <summary>Marks a bucket grain for <see cref="BucketPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class BucketPlacementAttribute() : PlacementAttribute(BucketPlacement.Singleton);
