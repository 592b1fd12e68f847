namespace Matching.Kinship.Contract;

/// <summary>A parsed contract input: the model, and each case or the reason it cannot be computed.</summary>
public sealed record KinshipRequest(FrequencyTable Frequencies, MutationModel Mutation, double Theta, IReadOnlyList<RequestedCase> Cases);

/// <summary>One case of the input: either a case to compute or a per-case error.</summary>
public sealed record RequestedCase(string Id, KinshipCase? Case, string? Error);
