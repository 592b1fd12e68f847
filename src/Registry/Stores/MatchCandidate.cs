namespace Matching.Registry.Stores;

/// <summary>A person and a case whose kinship LR reached the reporting threshold.</summary>
public sealed record MatchCandidate(string ProfileId, string CaseId, double Lr);
