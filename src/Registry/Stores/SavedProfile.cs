namespace Matching.Registry.Stores;

public sealed record SavedProfile(string Id, RegistrationOutcome Outcome, string? Reason = null);
