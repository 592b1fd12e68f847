namespace Matching.Registry.Stores;

/// <summary>Possible duplicates found by the identity check of each search, kept for review.</summary>
public interface IDuplicateStore
{
    /// <summary>Records that <paramref name="profileId"/> is identical to each of <paramref name="duplicates"/> (id, loci shared); a pair already recorded either way round is kept as it is.</summary>
    Task FlagDuplicatesAsync(string profileId, IReadOnlyList<(string Id, int SharedLoci)> duplicates, CancellationToken cancellationToken = default);

    /// <summary>
    /// The possible duplicates a profile is part of, from either side; all of them, newest first, when <paramref name="profileId"/> is
    /// null; only pairs whose two profiles are both in <paramref name="provinces"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<PossibleDuplicate>> PossibleDuplicatesAsync(string? profileId, int limit, IReadOnlyList<string>? provinces = null,
        CancellationToken cancellationToken = default);
}
