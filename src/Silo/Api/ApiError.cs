namespace Matching.Silo.Api;

/// <summary>Why a request was refused, as every endpoint answers it.</summary>
public sealed record ApiError(string Error);
