namespace Matching.Registry.Stores;

/// <summary>A search of a batch marked started, as it stood.</summary>
public sealed record StartedSearch(SearchRequest Search, SearchStart Start);
