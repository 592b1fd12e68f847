using System.Globalization;

namespace Matching.Grains;

/// <summary>
/// A locus bucket's number among a side's buckets: the key of its grain and of its submission stream, written in
/// one place both ways.
/// </summary>
[GenerateSerializer, Immutable, Alias("matching.bucket-number")]
public readonly record struct BucketNumber([property: Id(0)] int Value)
{
    /// <summary>The bucket of a profile or case among <paramref name="count"/> (from Registry.BucketHash, so SQL agrees).</summary>
    public static BucketNumber Of(int stableHash, int count) => new(stableHash % count);

    public static IEnumerable<BucketNumber> All(int count) => Enumerable.Range(0, count).Select(b => new BucketNumber(b));

    /// <summary>The bucket grain's key and its stream's key.</summary>
    public string Key => Value.ToString(CultureInfo.InvariantCulture);

    public static BucketNumber OfKey(string key) => new(int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture));

    public override string ToString() => Key;
}
