namespace Matching.Registry.Stores;

/// <summary>What a commit did with one record; <see cref="Version"/> is the profile's version after it (0 when refused).</summary>
public sealed record SavedProfile(string Id, RegistrationOutcome Outcome, string? Reason = null, int Version = 0);
