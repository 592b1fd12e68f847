namespace Matching.Grains.Buckets;

/// <summary>What a bucket found for one submission: its candidates, the members it scored and the members it held.</summary>
public sealed record BucketScore(List<Candidate> Candidates, long Scored, long Held);
