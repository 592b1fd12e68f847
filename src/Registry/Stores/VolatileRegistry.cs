using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>
/// The registry's records in this process's memory, for --in-memory: the same rules as the PostgreSQL stores
/// (corrections, one father per case, searches owed, results replaced per subject), and nothing survives the process.
/// </summary>
public sealed class VolatileRegistry : IProfileStore, IMatchStore, ISearchStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredProfile> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cases = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, SearchEntry> _searches = [];
    private readonly Dictionary<(string CaseId, string ProfileId), (double Lr, long Search)> _matches = [];
    private long _lastSearch;

    public int AuditEntries { get; private set; }

    public Task<SaveResult> SaveAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var outcomes = new List<SavedProfile>(records.Count);
            var persons = new List<string>();
            var cases = new SortedSet<string>(StringComparer.Ordinal);
            var now = DateTimeOffset.UtcNow;
            foreach (var record in records)
            {
                if (record.Role is { } role && RoleNames.IsSingular(role) &&
                    _profiles.Values.FirstOrDefault(p => p.Record.CaseId == record.CaseId && p.Record.Role == role && p.Record.Id != record.Id) is { } holder)
                {
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Rejected,
                        $"case {record.CaseId} already has a {RoleNames.Name(role)} (profile {holder.Record.Id})"));
                    continue;
                }

                _profiles.TryGetValue(record.Id, out var old);
                if (old is not null && old.Record.ContentHash == record.ContentHash)
                {
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Unchanged));
                    continue;
                }

                if (record.CaseId is { } caseId)
                {
                    _cases.Add(caseId);
                    cases.Add(caseId);
                }
                else
                {
                    persons.Add(record.Id);
                }

                if (old is null)
                {
                    _profiles[record.Id] = new StoredProfile(record, 1, now, now);
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Created));
                    continue;
                }

                foreach (var key in _matches.Keys.Where(k => k.ProfileId == record.Id).ToList())
                {
                    _matches.Remove(key);
                }

                if (old.Record.CaseId is { } oldCase)
                {
                    cases.Add(oldCase);
                }

                _profiles[record.Id] = new StoredProfile(record, old.Version + 1, old.RegisteredAt, now);
                outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Corrected));
            }

            var searches = persons.Select(p => Owe(SearchKind.Person, p)).Concat(cases.Select(c => Owe(SearchKind.Case, c))).ToList();
            return Task.FromResult(new SaveResult(outcomes, searches));
        }
    }

    private SearchRequest Owe(SearchKind kind, string subject)
    {
        var request = new SearchRequest(++_lastSearch, kind, subject);
        _searches[request.Id] = new SearchEntry(request, DateTimeOffset.UtcNow);
        return request;
    }

    public Task<StoredProfile?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_profiles.GetValueOrDefault(id));
        }
    }

    public Task<List<BucketPerson>> PersonsInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_profiles.Values
                .Where(p => p.Record.Category == ProfileCategory.UnknownParentage && BucketHash.Of(p.Record.BucketKey) % buckets == bucket)
                .Select(p => new BucketPerson(p.Record.Id, p.Version, p.Record.ToProfile()))
                .ToList());
        }
    }

    public Task<List<CaseReference>> ReferencesInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default) =>
        References(r => BucketHash.Of(r.BucketKey) % buckets == bucket);

    public Task<List<CaseReference>> ReferencesOfCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        References(r => r.CaseId == caseId);

    private Task<List<CaseReference>> References(Func<ProfileRecord, bool> where)
    {
        lock (_lock)
        {
            return Task.FromResult(_profiles.Values
                .Select(p => p.Record)
                .Where(r => r.Category == ProfileCategory.FamilyReference && where(r))
                .OrderBy(r => r.CaseId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new CaseReference(r.CaseId!, r.Id, r.Role!.Value, r.ToProfile()))
                .ToList());
        }
    }

    public Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_searches.TryGetValue(search.Id, out var entry) || entry.CompletedAt is not null)
            {
                return Task.FromResult(false);
            }

            // As in PostgreSQL: a pair's result is only replaced by a newer search of its person or its case.
            var person = search.Kind == SearchKind.Person;
            foreach (var key in _matches.Where(m => (person ? m.Key.ProfileId : m.Key.CaseId) == search.SubjectId && m.Value.Search < search.Id)
                .Select(m => m.Key).ToList())
            {
                _matches.Remove(key);
            }

            foreach (var c in candidates)
            {
                var newer = _searches.Values.Any(n => n.Request.Id > search.Id && n.CompletedAt is not null
                    && ((n.Request.Kind == SearchKind.Person && n.Request.SubjectId == c.ProfileId)
                        || (n.Request.Kind == SearchKind.Case && n.Request.SubjectId == c.CaseId)));
                var stored = _matches.TryGetValue((c.CaseId, c.ProfileId), out var held) && held.Search > search.Id;
                if (!newer && !stored && _profiles.TryGetValue(c.ProfileId, out var p) && p.Record.Category == ProfileCategory.UnknownParentage
                    && _profiles.Values.Any(r => r.Record.CaseId == c.CaseId))
                {
                    _matches[(c.CaseId, c.ProfileId)] = (c.Lr, search.Id);
                }
            }

            entry.CompletedAt = DateTimeOffset.UtcNow;
            return Task.FromResult(true);
        }
    }

    public Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var ranked = new List<RankedMatch>();
            foreach (var person in _matches.Where(m => profileId is null || m.Key.ProfileId == profileId).GroupBy(m => m.Key.ProfileId))
            {
                var ordered = person.Select(m => (m.Key, Value: m.Value.Lr)).OrderByDescending(m => m.Value).ToList();
                for (var i = 0; i < ordered.Count; i++)
                {
                    // rank(): ties share a place and the next place skips.
                    var rank = ordered.FindIndex(m => m.Value == ordered[i].Value) + 1;
                    var (key, lr) = (ordered[i].Key, ordered[i].Value);
                    if ((caseId is null || key.CaseId == caseId) && lr >= minimumLr)
                    {
                        ranked.Add(new RankedMatch(key.ProfileId, key.CaseId, lr, Math.Log10(lr), rank));
                    }
                }
            }

            return Task.FromResult(ranked
                .OrderByDescending(m => m.Lr).ThenBy(m => m.ProfileId, StringComparer.Ordinal).ThenBy(m => m.CaseId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var references = _profiles.Values.Count(p => p.Record.Category == ProfileCategory.FamilyReference);
            return Task.FromResult(new RegistryStats(references, _profiles.Count - references, _cases.Count, _matches.Count,
                _searches.Values.Count(s => s.CompletedAt is null)));
        }
    }

    public Task AuditAsync(string actor, string action, string subject, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            AuditEntries++;
        }

        return Task.CompletedTask;
    }

    public Task<(SearchRequest Search, bool Completed)?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<(SearchRequest, bool)?>(_searches.TryGetValue(id, out var s) ? (s.Request, s.CompletedAt is not null) : null);
        }
    }

    public Task<IReadOnlyList<SearchRequest>> RequestAsync(SearchKind kind, IReadOnlyList<string> subjects, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SearchRequest>>([.. subjects.Select(s => Owe(kind, s))]);
        }
    }

    public Task MarkStartedAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_searches.TryGetValue(id, out var s))
            {
                s.StartedAt = DateTimeOffset.UtcNow;
            }
        }

        return Task.CompletedTask;
    }

    public Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var before = DateTimeOffset.UtcNow - quietFor;
            return Task.FromResult(_searches.Values
                .Where(s => s.CompletedAt is null && (s.StartedAt ?? s.RequestedAt) <= before)
                .Select(s => s.Request.Id)
                .Take(limit)
                .ToList());
        }
    }

    private sealed class SearchEntry(SearchRequest request, DateTimeOffset requestedAt)
    {
        public SearchRequest Request { get; } = request;

        public DateTimeOffset RequestedAt { get; } = requestedAt;

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? CompletedAt { get; set; }
    }
}
