using Matching.Kinship;

namespace Matching.Registry.Formats;

/// <summary>
/// Collects one batch's records, whatever format they came in, with the rules that span records: the same id
/// twice with different content, and a second holder of a place one person fills (father, mother, a grandparent).
/// </summary>
public sealed class BatchCollector(ProfileRules rules)
{
    private readonly List<ProfileRecord> _records = [];
    private readonly List<RecordError> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, ProfileRecord> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Case, Role Role), string> _singular = [];

    public int Records => _records.Count;

    /// <summary>
    /// Where a reader that streams hands each full batch (<see cref="FlushIfFullAsync"/>); null keeps the whole file.
    /// A handed batch is forgotten, as a batch of JSON lines is: the rules that span records hold within a batch.
    /// </summary>
    public Func<RegistrationBatch, Task>? Flush { get; init; }

    /// <summary>Records and errors a batch holds before it is handed to <see cref="Flush"/>.</summary>
    public int FlushAt { get; init; } = int.MaxValue;

    /// <summary>Hands the batch so far to <see cref="Flush"/> once it is full, and starts another.</summary>
    public async Task FlushIfFullAsync()
    {
        if (Flush is not null && _records.Count + _errors.Count >= FlushAt)
        {
            await Flush(Drain());
        }
    }

    /// <summary>The batch so far, which this collector then forgets.</summary>
    public RegistrationBatch Drain()
    {
        var batch = Build();
        _records.Clear();
        _errors.Clear();
        _warnings.Clear();
        _seen.Clear();
        _singular.Clear();
        return batch;
    }

    public void Add(RegistrationFields fields)
    {
        var (record, error) = rules.Build(fields, _warnings);
        if (error is not null)
        {
            _errors.Add(error);
            return;
        }

        if (_seen.TryGetValue(record!.Id, out var earlier))
        {
            if (earlier.ContentHash != record.ContentHash)
            {
                _errors.Add(new RecordError(fields.Where, record.Id, "id", "the same id appears earlier in this batch with different content"));
            }

            return;
        }

        if (record.Role is { } role && RoleNames.IsSingular(role))
        {
            if (_singular.TryGetValue((record.CaseId!, role), out var holder))
            {
                _errors.Add(new RecordError(fields.Where, record.Id, "role",
                    $"case {record.CaseId} already has a {RoleNames.Name(role)} in this batch (profile {holder})"));
                return;
            }

            _singular[(record.CaseId!, role)] = record.Id;
        }

        // Worked out here, on the thread that reads ahead, so that the commit, which PostgreSQL waits on, does not.
        _ = record.ContentHash;
        _ = record.LociUtf8;
        _seen[record.Id] = record;
        _records.Add(record);
    }

    public void Reject(RecordError error) => _errors.Add(error);

    public RegistrationBatch Build() => new([.. _records], [.. _errors], [.. _warnings]);
}
