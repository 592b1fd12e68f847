namespace Matching.Registry.Stores;

/// <summary>A search and the candidates it found, as a batch completes it.</summary>
public sealed record SearchOutcome(SearchRequest Search, IReadOnlyList<MatchCandidate> Candidates);
