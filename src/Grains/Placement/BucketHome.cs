using System.Globalization;

namespace Matching.Grains.Placement;

/// <summary>
/// The silo a bucket belongs on: the active silos in a fixed order, and each side's buckets dealt over them in turn
/// (case bucket b at 2b, person bucket b at 2b + 1), so that n silos hold 2·buckets/n each, give or take one.
/// </summary>
public static class BucketHome
{
    public static SiloAddress Of(GrainId bucket, IReadOnlyCollection<SiloAddress> silos)
    {
        if (silos.Count == 0)
        {
            throw new OrleansException($"no silo can hold {bucket}");
        }

        var ordered = silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToList();
        var number = int.Parse(bucket.Key.ToString()!, NumberStyles.None, CultureInfo.InvariantCulture);
        var side = bucket.Type.ToString()!.Contains("person", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        return ordered[(2 * number + side) % ordered.Count];
    }
}
