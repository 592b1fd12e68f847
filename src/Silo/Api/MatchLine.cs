namespace Matching.Silo.Api;

/// <summary>A match as the API and `matching matches --format jsonl` give it.</summary>
public sealed record MatchLine(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank, int? SettingsId);
