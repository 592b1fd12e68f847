namespace Matching.Grains;

/// <summary>A registered profile as an office reads it.</summary>
[GenerateSerializer, Alias("matching.profile-view")]
public sealed record ProfileView(
    string Id,
    string Category,
    string? CaseId,
    string? Role,
    string Province,
    Dna Dna,
    int Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt);
