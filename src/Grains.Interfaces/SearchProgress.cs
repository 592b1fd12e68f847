namespace Matching.Grains;

/// <summary>How far a search has got: buckets asked and answered, candidates so far, and whether it is stored.</summary>
[GenerateSerializer, Alias("matching.search-progress")]
public sealed record SearchProgress(long SearchId, int BucketsAsked, int BucketsAnswered, int Candidates, bool Completed);
