using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>One typed relative of a case, as a search needs it.</summary>
public sealed record CaseReference(string CaseId, string ProfileId, Role Role, Profile Profile);
