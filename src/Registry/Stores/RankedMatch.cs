namespace Matching.Registry.Stores;

/// <summary>A stored match; rank is the case's place among that person's candidates (1 = strongest).</summary>
/// <paramref name="SettingsId"/> names the kinship settings that produced it (null for an in-memory registry);
/// <paramref name="FirstFoundAt"/> is when a search first stored the pair, kept while later searches find it again.
public sealed record RankedMatch(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank, int? SettingsId = null, DateTimeOffset? FirstFoundAt = null);
