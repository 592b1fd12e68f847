namespace Matching.Registry.Stores;

/// <summary>
/// A page of stored matches: of one person, one case or all, at or above an LR, limited to those whose case or
/// person is in <paramref name="Provinces"/> (null: every province), after a cursor, at most <paramref name="Limit"/>.
/// </summary>
public sealed record MatchQuery(string? ProfileId, string? CaseId, double MinimumLr, IReadOnlyList<string>? Provinces, MatchCursor? After, int Limit);
