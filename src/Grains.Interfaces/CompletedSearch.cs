namespace Matching.Grains;

/// <summary>
/// A stored search: how it went, and its candidates ranked by LR. Empty when the coordinator that stored it has gone
/// (it stays about ten seconds after storing); the store holds them.
/// </summary>
[GenerateSerializer, Alias("matching.completed-search")]
public sealed record CompletedSearch(SearchProgress Progress, List<Candidate> Ranked);
