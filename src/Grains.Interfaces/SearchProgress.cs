namespace Matching.Grains;

/// <summary>
/// How far a search has got: buckets asked and answered, candidates so far, whether it is stored, and of the
/// members the answering buckets hold, how many their locus bucket keys let them skip.
/// </summary>
[GenerateSerializer, Alias("matching.search-progress")]
public sealed record SearchProgress(long SearchId, int BucketsAsked, int BucketsAnswered, int Candidates, bool Completed, long Scored = 0, long Held = 0);
