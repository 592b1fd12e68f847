namespace Matching.Registry.Reviews;

/// <summary>
/// A transition asked for: the state to reach and why, with what that state needs: the reviewer it is assigned to
/// (under review), the relatives asked for (more relatives requested), the confirmatory test's lab reference
/// (confirmed). <paramref name="ExpectedVersion"/>, when given, refuses the change if someone else moved the review first.
/// </summary>
public sealed record ReviewChange(ReviewState To, string Reason, string? AssignedTo = null, IReadOnlyList<string>? Relatives = null,
    string? LabReference = null, int? ExpectedVersion = null);
