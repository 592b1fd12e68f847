namespace Matching.Grains;

/// <summary>A stored search: how it went, and its candidates ranked by LR (empty when it was stored by an earlier activation).</summary>
[GenerateSerializer, Alias("matching.completed-search")]
public sealed record CompletedSearch(SearchProgress Progress, List<Candidate> Ranked);
