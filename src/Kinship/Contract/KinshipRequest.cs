namespace Matching.Kinship.Contract;

/// <summary>A parsed contract input: the model, and each case or the reason it cannot be computed.</summary>
/// <paramref name="Power"/> asks for every case's power (the contract's optional "power").
public sealed record KinshipRequest(FrequencyTable Frequencies, MutationModel Mutation, double Theta, IReadOnlyList<RequestedCase> Cases,
    PowerRequest? Power = null);

/// <summary>One case of the input: either a case to compute or a per-case error.</summary>
public sealed record RequestedCase(string Id, KinshipCase? Case, string? Error);
