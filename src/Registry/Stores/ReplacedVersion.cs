namespace Matching.Registry.Stores;

/// <summary>A version of a profile that a correction replaced: as it was, when it held, and who replaced it and why.</summary>
public sealed record ReplacedVersion(ProfileRecord Record, int Version, DateTimeOffset ValidFrom, DateTimeOffset ReplacedAt, string? CorrectedBy,
    string? CorrectionReason);
