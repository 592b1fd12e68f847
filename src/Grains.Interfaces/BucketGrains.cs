namespace Matching.Grains;

/// <summary>The bucket grains by their number.</summary>
public static class BucketGrains
{
    public static ICaseBucketGrain CaseBucket(this IGrainFactory grains, BucketNumber bucket) => grains.GetGrain<ICaseBucketGrain>(bucket.Key);

    public static IPersonBucketGrain PersonBucket(this IGrainFactory grains, BucketNumber bucket) => grains.GetGrain<IPersonBucketGrain>(bucket.Key);
}
