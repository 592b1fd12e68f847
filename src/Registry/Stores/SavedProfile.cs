namespace Matching.Registry.Stores;

/// <summary>
/// What a commit did with one record; <see cref="Version"/> is the profile's version after it (0 when refused), and a
/// refusal names the record's <see cref="Field"/> at fault.
/// </summary>
public sealed record SavedProfile(string Id, RegistrationOutcome Outcome, string? Reason = null, int Version = 0, string Field = "role")
{
    /// <summary>A record that would change a registered profile without saying why.</summary>
    public static SavedProfile ReasonMissing(string id, int version) => new(id, RegistrationOutcome.Rejected,
        $"profile {id} is registered (version {version}) with other DNA or details; a correction needs a reason: the record's correctionReason, " +
        "or X-Matching-Reason (matching import --reason) for the whole upload", Field: "correctionReason");
}
