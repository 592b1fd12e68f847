namespace Matching.Registry.Reviews;

/// <summary>
/// A page of reviews, in one state or all, of pairs whose case or person is in <paramref name="Provinces"/> (null:
/// every province), after the pair (case, person) <paramref name="After"/>, at most <paramref name="Limit"/>.
/// </summary>
public sealed record ReviewQuery(ReviewState? State, IReadOnlyList<string>? Provinces, (string CaseId, string ProfileId)? After, int Limit);
