namespace Matching.Grains;

/// <summary>
/// The stream namespaces of the two kinds of bucket. A person search streams to every case bucket, a case search to
/// every person bucket; the bucket's number (<see cref="BucketNumber"/>) is the stream key and the bucket grain's key.
/// </summary>
public static class LocusBuckets
{
    public const string StreamProvider = "submissions";
    public const string CaseBuckets = "case-buckets";
    public const string PersonBuckets = "person-buckets";
}
