using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>Where profiles and cases are kept: PostgreSQL (<see cref="ProfileStore"/>) or, with --in-memory, <see cref="VolatileRegistry"/>.</summary>
public interface IProfileStore
{
    /// <summary>Commits a batch with the searches it owes: nothing is searched that is not stored.</summary>
    Task<SaveResult> SaveAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default);

    Task<StoredProfile?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The profiles of <paramref name="ids"/> that are registered, in one read.</summary>
    Task<List<StoredProfile>> FindAllAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

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

    /// <summary>Records the sex of a case's missing child (<see cref="Sex.Unknown"/> clears it); false when there is no such case.</summary>
    Task<bool> RecordMissingSexAsync(string caseId, Sex sex, CancellationToken cancellationToken = default);

    /// <summary>The sex of a case's missing child as an office recorded it; unknown when none did (or no such case).</summary>
    Task<Sex> MissingSexAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>The sex of each of these profiles that exists.</summary>
    /// <summary>The missing child's sex of each of <paramref name="caseIds"/> where an office recorded it; the others are absent.</summary>
    Task<Dictionary<string, Sex>> MissingSexesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default);

    Task<Dictionary<string, Sex>> SexesAsync(IReadOnlyCollection<string> profileIds, CancellationToken cancellationToken = default);

    /// <summary>The registered persons of unknown parentage by sex: whom a case's prior is spread over.</summary>
    Task<PersonsBySex> PersonsBySexAsync(CancellationToken cancellationToken = default);
}
