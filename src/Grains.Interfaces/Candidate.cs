namespace Matching.Grains;

/// <summary>A person and a case whose exact kinship LR reached the reporting threshold.</summary>
[GenerateSerializer, Alias("matching.candidate")]
public sealed record Candidate(string ProfileId, string CaseId, double Lr);
