namespace Matching.Grains;

/// <summary>
/// What a search streams to each bucket it asks: a person to score against the bucket's cases, or a case to score
/// against the bucket's persons. Buckets answer the search's coordinator. <see cref="Exhaustive"/> turns the locus
/// bucket pruning off for this submission.
/// </summary>
[GenerateSerializer, Alias("matching.submission")]
public sealed record Submission(long SearchId, string SubjectId, Dna? Person, CaseDefinition? Case, bool Exhaustive = false);
