namespace Matching.Registry.Stores;

/// <summary>Where profiles and cases are kept: PostgreSQL (<see cref="ProfileStore"/>) or, with --in-memory, <see cref="VolatileRegistry"/>.</summary>
public interface IProfileStore
{
    /// <summary>Commits a batch with the searches it owes: nothing is searched that is not stored.</summary>
    Task<SaveResult> SaveAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default);

    Task<StoredProfile?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The versions of a profile that corrections replaced, oldest first.</summary>
    Task<List<ReplacedVersion>> HistoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The province a case belongs to; null for a case the registry does not hold.</summary>
    Task<string?> CaseProvinceAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>The provinces of the profiles and of the cases named that the registry holds, by id.</summary>
    Task<(Dictionary<string, string> Profiles, Dictionary<string, string> Cases)> ProvincesAsync(IReadOnlyCollection<string> profileIds,
        IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default);

    Task<List<BucketPerson>> PersonsInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default);

    /// <summary>The cases of one bucket that have references, each with its revision.</summary>
    Task<List<StoredCase>> CasesInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default);

    /// <summary>The cases named that exist, each with its revision and its references (none when all have left it).</summary>
    Task<List<StoredCase>> CasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default);
}
