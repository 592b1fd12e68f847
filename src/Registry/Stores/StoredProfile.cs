namespace Matching.Registry.Stores;

/// <summary>A profile as read back: the record, its version (1 + corrections) and when it was registered and last changed.</summary>
public sealed record StoredProfile(ProfileRecord Record, int Version, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt);
