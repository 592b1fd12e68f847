namespace Matching.Registry.Stores;

/// <summary>A stored match; rank is the case's place among that person's candidates (1 = strongest).</summary>
public sealed record RankedMatch(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank);
