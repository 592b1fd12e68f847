namespace Matching.Grains.Placement;

/// <summary>
/// Locus buckets placed by number over the active silos (<see cref="BucketHome"/>), so that the buckets, which hold
/// the registry's members in memory and do its scanning, spread evenly and move when silos join or leave.
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("matching.bucket-placement")]
public sealed class BucketPlacement : PlacementStrategy
{
    public static BucketPlacement Singleton { get; } = new();
}
