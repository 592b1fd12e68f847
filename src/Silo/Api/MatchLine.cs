namespace Matching.Silo.Api;

/// <summary>
/// A match as the API and `matching matches --format jsonl` give it, with what its LR means at the registry's size and
/// where its review stands, and when a search first found the pair.
/// </summary>
public sealed record MatchLine(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank, int? SettingsId, Services.MatchEvidence? Evidence,
    string Review, DateTimeOffset? FirstFoundAt);
