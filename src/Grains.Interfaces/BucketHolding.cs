namespace Matching.Grains;

/// <summary>Where a locus bucket is active and how many members it holds: what operators see of a bucket (no genotypes).</summary>
[GenerateSerializer, Immutable, Alias("matching.bucket-holding")]
public sealed record BucketHolding([property: Id(0)] string Silo, [property: Id(1)] int Members);
