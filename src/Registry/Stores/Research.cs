namespace Matching.Registry.Stores;

/// <summary>A search again of every case: why, by whom, under which kinship settings, how many cases, how many done.</summary>
public sealed record Research(long Id, string Reason, string RequestedBy, DateTimeOffset RequestedAt, int Cases, int Completed, DateTimeOffset? CompletedAt,
    int? SettingsId = null);
