using Matching.Registry;

namespace Matching.Silo.Api;

/// <summary>The answer to a registration batch: counts, and each rejected record with its reason.</summary>
public sealed record RegistrationReport(
    int Created,
    int Corrected,
    int Unchanged,
    int Rejected,
    int Searches,
    IReadOnlyList<long> SearchIds,
    IReadOnlyList<RecordError> Errors,
    IReadOnlyList<string> Warnings);
