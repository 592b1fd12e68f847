namespace Matching.Registry.Stores;

/// <summary>Imports streamed through the API: progress after every batch, and the error report.</summary>
public interface IImportStore
{
    Task<long> BeginImportAsync(string source, string requestedBy, CancellationToken cancellationToken = default);

    /// <summary>Adds one batch's records, outcomes, errors, warnings and the ids of the searches it owes to the import.</summary>
    Task RecordBatchAsync(long id, int records, int created, int corrected, int unchanged, IReadOnlyList<RecordError> errors,
        IReadOnlyList<string> warnings, IReadOnlyCollection<long> searches, CancellationToken cancellationToken = default);

    Task FinishImportAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The import with at most <paramref name="errorLimit"/> of its errors and of its warnings, in the order they were found.</summary>
    Task<ImportProgress?> FindImportAsync(long id, int errorLimit, CancellationToken cancellationToken = default);

    /// <summary>The newest imports first, running ones among them, without their errors; only <paramref name="requestedBy"/>'s where given.</summary>
    Task<List<ImportProgress>> RecentImportsAsync(string? requestedBy, int limit, CancellationToken cancellationToken = default);
}
