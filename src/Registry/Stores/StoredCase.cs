namespace Matching.Registry.Stores;

/// <summary>A case as committed: its revision and its typed references (none when every one has moved to another case).</summary>
public sealed record StoredCase(string Id, int Revision, List<CaseReference> References);
