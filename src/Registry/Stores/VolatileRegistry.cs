using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>
/// The registry's records in this process's memory, for --in-memory: the same rules as the PostgreSQL stores
/// (corrections, one father per case, searches owed, results replaced per subject), and nothing survives the process.
/// </summary>
public sealed class VolatileRegistry : IProfileStore, IMatchStore, ISearchStore, IResearchStore, IImportStore, IDuplicateStore
{
    private readonly Dictionary<string, Sex> _missingSexes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReplacedVersion>> _history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _caseRevisions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, SearchEntry> _searches = [];

    // Every search owed since the pump last looked, oldest first; those started, completed or a research's since are
    // dropped as the pump passes them, so that it does not walk every search ever made.
    private readonly SortedSet<long> _unstarted = [];
    private readonly Dictionary<(string CaseId, string ProfileId), (double Lr, long Search, DateTimeOffset FirstFound)> _matches = [];
    private readonly List<Research> _researches = [];
    private readonly List<ImportProgress> _imports = [];
    private readonly List<PossibleDuplicate> _duplicates = [];

    // Indexes the PostgreSQL store gets from its own: a case's profiles, and each subject's newest completed search.
    private readonly Dictionary<string, SortedSet<string>> _caseProfiles = new(StringComparer.Ordinal);
    private readonly Dictionary<(SearchKind Kind, string Subject), long> _newestCompleted = [];
    private long _lastSearch;

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
                    Members(record.CaseId).Select(id => _profiles[id]).FirstOrDefault(p => p.Record.Role == role && p.Record.Id != record.Id) is { } holder)
                {
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Rejected,
                        $"case {record.CaseId} already has a {RoleNames.Name(role)} (profile {holder.Record.Id})"));
                    continue;
                }

                _profiles.TryGetValue(record.Id, out var old);
                if (old is not null && old.Record.ContentHash == record.ContentHash)
                {
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Unchanged, Version: old.Version));
                    continue;
                }

                if (old is not null && record.CorrectionReason is null)
                {
                    outcomes.Add(SavedProfile.ReasonMissing(record.Id, old.Version));
                    continue;
                }

                if (record.CaseId is { } caseId)
                {
                    cases.Add(caseId);
                }
                else
                {
                    persons.Add(record.Id);
                }

                if (old?.Record.CaseId is { } previous)
                {
                    _caseProfiles[previous].Remove(record.Id);
                }

                if (record.CaseId is { } joined)
                {
                    (_caseProfiles.TryGetValue(joined, out var members) ? members : _caseProfiles[joined] = new SortedSet<string>(StringComparer.Ordinal)).Add(record.Id);
                }

                if (old is null)
                {
                    _profiles[record.Id] = new StoredProfile(record, 1, now, now);
                    outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Created, Version: 1));
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

                (_history.TryGetValue(record.Id, out var versions) ? versions : _history[record.Id] = [])
                    .Add(new ReplacedVersion(old.Record, old.Version, old.UpdatedAt, now, record.SubmittedBy, record.CorrectionReason));
                _profiles[record.Id] = new StoredProfile(record, old.Version + 1, old.RegisteredAt, now);
                outcomes.Add(new SavedProfile(record.Id, RegistrationOutcome.Corrected, Version: old.Version + 1));
            }

            var created = new List<StoredCase>();
            foreach (var changed in cases)
            {
                if ((_caseRevisions[changed] = _caseRevisions.GetValueOrDefault(changed) + 1) == 1)
                {
                    created.Add(Case(changed));
                }
            }

            var searches = persons.Select(p => Owe(SearchKind.Person, p).Request).Concat(cases.Select(c => Owe(SearchKind.Case, c).Request)).ToList();
            return Task.FromResult(new SaveResult(outcomes, searches, created));
        }
    }

    private IEnumerable<string> Members(string? caseId) =>
        caseId is not null && _caseProfiles.TryGetValue(caseId, out var members) ? members : [];

    private SearchEntry Owe(SearchKind kind, string subject)
    {
        var request = new SearchRequest(++_lastSearch, kind, subject);
        _unstarted.Add(request.Id);
        return _searches[request.Id] = new SearchEntry(request, DateTimeOffset.UtcNow);
    }

    public Task<StoredProfile?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_profiles.GetValueOrDefault(id));
        }
    }

    public Task<List<StoredProfile>> FindAllAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(ids.Distinct(StringComparer.Ordinal).Select(id => _profiles.GetValueOrDefault(id)).OfType<StoredProfile>().ToList());
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

    public Task<List<StoredCase>> CasesInBucketAsync(int bucket, int buckets, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_caseRevisions.Keys
                .Where(c => BucketHash.Of(c) % buckets == bucket)
                .Order(StringComparer.Ordinal)
                .Select(Case)
                .Where(c => c.References.Count > 0)
                .ToList());
        }
    }

    public Task<List<ReplacedVersion>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_history.TryGetValue(id, out var versions) ? versions.ToList() : []);
        }
    }

    public Task<string?> CaseProvinceAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Members(caseId).Select(id => _profiles[id].Record.Province).FirstOrDefault());
        }
    }

    public Task<(Dictionary<string, string> Profiles, Dictionary<string, string> Cases)> ProvincesAsync(IReadOnlyCollection<string> profileIds,
        IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var profiles = profileIds.Where(_profiles.ContainsKey).Distinct().ToDictionary(id => id, id => _profiles[id].Record.Province, StringComparer.Ordinal);
            var cases = caseIds.Distinct().Select(c => (c, Province: Members(c).Select(id => _profiles[id].Record.Province).FirstOrDefault()))
                .Where(c => c.Province is not null).ToDictionary(c => c.c, c => c.Province!, StringComparer.Ordinal);
            return Task.FromResult((profiles, cases));
        }
    }

    public Task<List<StoredCase>> CasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(caseIds.Where(_caseRevisions.ContainsKey).Order(StringComparer.Ordinal).Select(Case).ToList());
        }
    }

    public Task<bool> RecordMissingSexAsync(string caseId, Sex sex, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_caseRevisions.ContainsKey(caseId))
            {
                return Task.FromResult(false);
            }

            _missingSexes[caseId] = sex;
            return Task.FromResult(true);
        }
    }

    public Task<Sex> MissingSexAsync(string caseId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_missingSexes.GetValueOrDefault(caseId, Sex.Unknown));
        }
    }

    public Task<Dictionary<string, Sex>> MissingSexesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(caseIds.Where(id => _missingSexes.GetValueOrDefault(id, Sex.Unknown) != Sex.Unknown).Distinct()
                .ToDictionary(id => id, id => _missingSexes[id], StringComparer.Ordinal));
        }
    }

    public Task<Dictionary<string, Sex>> SexesAsync(IReadOnlyCollection<string> profileIds, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(profileIds.Where(_profiles.ContainsKey).Distinct()
                .ToDictionary(id => id, id => _profiles[id].Record.Sex, StringComparer.Ordinal));
        }
    }

    public Task<PersonsBySex> PersonsBySexAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var persons = _profiles.Values.Select(p => p.Record).Where(r => r.Category == ProfileCategory.UnknownParentage).ToList();
            return Task.FromResult(new PersonsBySex(persons.Count(p => p.Sex == Sex.Male), persons.Count(p => p.Sex == Sex.Female),
                persons.Count(p => p.Sex is not (Sex.Male or Sex.Female))));
        }
    }

    private StoredCase Case(string caseId) => new(caseId, _caseRevisions[caseId],
        [.. Members(caseId)
            .Select(id => _profiles[id].Record)
            .Where(r => r.Category == ProfileCategory.FamilyReference)
            .Select(r => new CaseReference(r.CaseId!, r.Id, r.Role!.Value, r.ToProfile()))]);

    public Task<bool> CompleteAsync(SearchRequest search, IReadOnlyList<MatchCandidate> candidates, int? settingsId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_searches.TryGetValue(search.Id, out var entry) || entry.CompletedAt is not null)
            {
                return Task.FromResult(false);
            }

            // As in PostgreSQL: a pair's result is only replaced by a newer search of its person or its case.
            var person = search.Kind == SearchKind.Person;
            var found = candidates.Select(c => (c.CaseId, c.ProfileId)).ToHashSet();
            foreach (var key in _matches.Where(m => (person ? m.Key.ProfileId : m.Key.CaseId) == search.SubjectId && m.Value.Search < search.Id
                && !found.Contains(m.Key)).Select(m => m.Key).ToList())
            {
                _matches.Remove(key);
            }

            foreach (var c in candidates)
            {
                var newer = _newestCompleted.GetValueOrDefault((SearchKind.Person, c.ProfileId)) > search.Id
                    || _newestCompleted.GetValueOrDefault((SearchKind.Case, c.CaseId)) > search.Id;
                var stored = _matches.TryGetValue((c.CaseId, c.ProfileId), out var held) && held.Search > search.Id;
                if (!newer && !stored && _profiles.TryGetValue(c.ProfileId, out var p) && p.Record.Category == ProfileCategory.UnknownParentage
                    && Members(c.CaseId).Any())
                {
                    var first = _matches.TryGetValue((c.CaseId, c.ProfileId), out var again) ? again.FirstFound : DateTimeOffset.UtcNow;
                    _matches[(c.CaseId, c.ProfileId)] = (c.Lr, search.Id, first);
                }
            }

            (entry.CompletedAt, entry.Candidates) = (DateTimeOffset.UtcNow, candidates.Count);
            var subject = (search.Kind, search.SubjectId);
            _newestCompleted[subject] = Math.Max(_newestCompleted.GetValueOrDefault(subject), search.Id);
            return Task.FromResult(true);
        }
    }

    public async Task<IReadOnlyList<long>> CompleteAllAsync(IReadOnlyList<SearchOutcome> outcomes, int? settingsId, CancellationToken cancellationToken = default)
    {
        var completed = new List<long>();
        foreach (var outcome in outcomes.OrderBy(o => o.Search.Id))
        {
            if (await CompleteAsync(outcome.Search, outcome.Candidates, settingsId, cancellationToken))
            {
                completed.Add(outcome.Search.Id);
            }
        }

        return completed;
    }

    public Task<List<MatchCandidate>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken = default)
    {
        var cases = caseIds.ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            return Task.FromResult(_matches.Where(m => cases.Contains(m.Key.CaseId)).Select(m => new MatchCandidate(m.Key.ProfileId, m.Key.CaseId, m.Value.Lr)).ToList());
        }
    }

    public Task<List<RankedMatch>> ListAsync(string? profileId, string? caseId, double minimumLr, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var ranked = new List<RankedMatch>();
            foreach (var person in _matches.Where(m => profileId is null || m.Key.ProfileId == profileId).GroupBy(m => m.Key.ProfileId))
            {
                var ordered = person.Select(m => (m.Key, Value: m.Value.Lr, m.Value.FirstFound)).OrderByDescending(m => m.Value).ToList();
                for (var i = 0; i < ordered.Count; i++)
                {
                    // rank(): ties share a place and the next place skips.
                    var rank = ordered.FindIndex(m => m.Value == ordered[i].Value) + 1;
                    var (key, lr) = (ordered[i].Key, ordered[i].Value);
                    if ((caseId is null || key.CaseId == caseId) && lr >= minimumLr)
                    {
                        ranked.Add(new RankedMatch(key.ProfileId, key.CaseId, lr, Math.Log10(lr), rank, null, ordered[i].FirstFound));
                    }
                }
            }

            return Task.FromResult(ranked
                .OrderByDescending(m => m.Lr).ThenBy(m => m.ProfileId, StringComparer.Ordinal).ThenBy(m => m.CaseId, StringComparer.Ordinal)
                .ToList());
        }
    }

    public async Task<List<RankedMatch>> PageAsync(MatchQuery query, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(query.ProfileId, query.CaseId, query.MinimumLr, cancellationToken);
        lock (_lock)
        {
            bool InScope(RankedMatch m) => query.Provinces is null
                || (_profiles.TryGetValue(m.ProfileId, out var person) && query.Provinces.Contains(person.Record.Province))
                || Members(m.CaseId).Any(id => query.Provinces.Contains(_profiles[id].Record.Province));
            bool After(RankedMatch m) => query.After is not { } a || m.Lr < a.Lr
                || (m.Lr == a.Lr && (string.CompareOrdinal(m.ProfileId, a.ProfileId) > 0
                    || (m.ProfileId == a.ProfileId && string.CompareOrdinal(m.CaseId, a.CaseId) > 0)));
            return [.. all.Where(m => After(m) && InScope(m)).Take(query.Limit)];
        }
    }

    public Task<RegistryStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var references = _profiles.Values.Count(p => p.Record.Category == ProfileCategory.FamilyReference);
            return Task.FromResult(new RegistryStats(references, _profiles.Count - references, _caseRevisions.Count, _matches.Count,
                _searches.Values.Count(s => s.IsPending), _searches.Values.Count(s => s.CompletedAt is null && s.ParkedAt is not null)));
        }
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
            return Task.FromResult<IReadOnlyList<SearchRequest>>([.. subjects.Select(s =>
            {
                var entry = Owe(kind, s);
                entry.StartedAt = entry.RequestedAt;
                return entry.Request;
            })]);
        }
    }

    public async Task<SearchStart> MarkStartedAsync(long id, CancellationToken cancellationToken = default) =>
        (await StartAllAsync([id], cancellationToken)).SingleOrDefault()?.Start ?? new SearchStart(0, false);

    public Task<List<StartedSearch>> StartAllAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var started = new List<StartedSearch>();
            foreach (var id in ids.Distinct().Order())
            {
                if (_searches.TryGetValue(id, out var s) && s.CompletedAt is null)
                {
                    s.StartedAt = DateTimeOffset.UtcNow;
                    s.Attempts++;
                    started.Add(new StartedSearch(s.Request, new SearchStart(s.Attempts, s.ParkedAt is not null)));
                }
            }

            return Task.FromResult(started);
        }
    }

    public Task<bool> RecordFailureAsync(long id, string error, int maxFailures, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_searches.TryGetValue(id, out var s))
            {
                return Task.FromResult(false);
            }

            (s.LastError, s.Failures) = (error, s.Failures + 1);
            s.ParkedAt ??= s.CompletedAt is null && s.Failures >= maxFailures ? DateTimeOffset.UtcNow : null;
            return Task.FromResult(s.ParkedAt is not null);
        }
    }

    public Task<SearchStatus?> StatusAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_searches.TryGetValue(id, out var s)
                ? new SearchStatus(id, s.Request.Kind, s.Request.SubjectId, s.ResearchId, s.RequestedAt, s.StartedAt, s.Attempts, s.Failures, s.CompletedAt,
                    s.Candidates, s.ParkedAt, s.LastError)
                : null);
        }
    }

    public Task<long> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult((long)_searches.Values.Count(s => s.IsPending));
        }
    }

    public Task<(long Within, long UpTo)> PendingRangeAsync(long first, long last, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var pending = _searches.Where(s => s.Key <= last && s.Value.IsPending).Select(s => s.Key).ToList();
            return Task.FromResult(((long)pending.Count(id => id >= first), (long)pending.Count));
        }
    }

    public Task<long> CompletedWithinAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        var since = DateTimeOffset.UtcNow - window;
        lock (_lock)
        {
            return Task.FromResult((long)_searches.Values.Count(s => s.CompletedAt > since));
        }
    }

    public Task<List<long>> StalledAsync(TimeSpan quietFor, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var before = DateTimeOffset.UtcNow - quietFor;
            return Task.FromResult(_searches.Values
                .Where(s => s.IsPending && s.ResearchId is null && s.StartedAt <= before)
                .Select(s => s.Request.Id)
                .Take(limit)
                .ToList());
        }
    }

    public Task<List<long>> UnstartedAsync(int limit, IReadOnlyCollection<long> except, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var unstarted = new List<long>();
            var passed = new List<long>();
            foreach (var id in _unstarted)
            {
                if (unstarted.Count >= limit)
                {
                    break;
                }

                if (!_searches.TryGetValue(id, out var s) || s.StartedAt is not null || s.CompletedAt is not null || s.ResearchId is not null)
                {
                    passed.Add(id);
                }
                else if (!except.Contains(id))
                {
                    unstarted.Add(id);
                }
            }

            _unstarted.ExceptWith(passed);
            return Task.FromResult(unstarted);
        }
    }

    public Task<List<long>> UnfinishedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(ids.Where(id => _searches.TryGetValue(id, out var s) && s.IsPending).ToList());
        }
    }

    public Task<Research> BeginAsync(string reason, string requestedBy, int? settingsId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = _researches.Count + 1L;
            var cases = _caseRevisions.Keys.Where(c => Members(c).Any()).Order(StringComparer.Ordinal).ToList();
            foreach (var caseId in cases)
            {
                Owe(SearchKind.Case, caseId).ResearchId = id;
            }

            _researches.Add(new Research(id, reason, requestedBy, DateTimeOffset.UtcNow, cases.Count, 0, cases.Count == 0 ? DateTimeOffset.UtcNow : null, settingsId));
            return Task.FromResult(_researches[^1]);
        }
    }

    public Task<Research?> FindResearchAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(id < 1 || id > _researches.Count
                ? null
                : _researches[(int)id - 1] with { Completed = _searches.Values.Count(s => s.ResearchId == id && s.CompletedAt is not null) });
        }
    }

    public Task<List<long>> PendingAsync(long id, long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_searches.Where(s => s.Key > after && s.Value.ResearchId == id && s.Value.IsPending)
                .Select(s => s.Key).Take(limit).ToList());
        }
    }

    public Task<bool> TryCompleteAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_searches.Values.Any(s => s.ResearchId == id && s.IsPending))
            {
                return Task.FromResult(false);
            }

            _researches[(int)id - 1] = _researches[(int)id - 1] with { CompletedAt = _researches[(int)id - 1].CompletedAt ?? DateTimeOffset.UtcNow };
            return Task.FromResult(true);
        }
    }

    public Task<List<long>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_researches.Where(r => r.CompletedAt is null).Select(r => r.Id).ToList());
        }
    }

    public Task<long> BeginImportAsync(string source, string requestedBy, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _imports.Add(new ImportProgress(_imports.Count + 1, source, requestedBy, DateTimeOffset.UtcNow, null, 0, 0, 0, 0, 0, [], 0, []));
            return Task.FromResult((long)_imports.Count);
        }
    }

    public Task RecordBatchAsync(long id, int records, int created, int corrected, int unchanged, IReadOnlyList<RecordError> errors,
        IReadOnlyList<string> warnings, IReadOnlyCollection<long> searches, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var held = _imports[(int)id - 1];
            _imports[(int)id - 1] = held with
            {
                Records = held.Records + records,
                Created = held.Created + created,
                Corrected = held.Corrected + corrected,
                Unchanged = held.Unchanged + unchanged,
                Rejected = held.Rejected + errors.Count,
                Errors = [.. held.Errors, .. errors],
                Warned = held.Warned + warnings.Count,
                Warnings = [.. held.Warnings, .. warnings],
                SearchesOwed = held.SearchesOwed + searches.Count,
                FirstSearch = searches.Count == 0 ? held.FirstSearch : Math.Min(held.FirstSearch ?? long.MaxValue, searches.Min()),
                LastSearch = searches.Count == 0 ? held.LastSearch : Math.Max(held.LastSearch ?? long.MinValue, searches.Max()),
            };
            return Task.CompletedTask;
        }
    }

    public Task FinishImportAsync(long id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _imports[(int)id - 1] = _imports[(int)id - 1] with { FinishedAt = DateTimeOffset.UtcNow };
            return Task.CompletedTask;
        }
    }

    public Task<ImportProgress?> FindImportAsync(long id, int errorLimit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(id < 1 || id > _imports.Count
                ? null
                : _imports[(int)id - 1] with
                {
                    Errors = [.. _imports[(int)id - 1].Errors.Take(errorLimit)],
                    Warnings = [.. _imports[(int)id - 1].Warnings.Take(errorLimit)],
                });
        }
    }

    public Task<List<ImportProgress>> RecentImportsAsync(string? requestedBy, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_imports.Where(i => requestedBy is null || i.RequestedBy == requestedBy).OrderByDescending(i => i.Id).Take(limit)
                .Select(i => i with { Errors = [], Warnings = [] }).ToList());
        }
    }

    public Task FlagDuplicatesAsync(string profileId, IReadOnlyList<(string Id, int SharedLoci)> duplicates, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var (id, shared) in duplicates)
            {
                if (!_duplicates.Any(d => (d.ProfileId == profileId && d.DuplicateOf == id) || (d.ProfileId == id && d.DuplicateOf == profileId)))
                {
                    _duplicates.Add(new PossibleDuplicate(profileId, id, shared, DateTimeOffset.UtcNow));
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<PossibleDuplicate>> PossibleDuplicatesAsync(string? profileId, int limit, IReadOnlyList<string>? provinces = null,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            bool Own(string id) => provinces is null || (_profiles.TryGetValue(id, out var p) && provinces.Contains(p.Record.Province));
            IReadOnlyList<PossibleDuplicate> found = [.. _duplicates
                .Where(d => profileId is null || d.ProfileId == profileId || d.DuplicateOf == profileId)
                .Where(d => Own(d.ProfileId) && Own(d.DuplicateOf))
                .Reverse()
                .Take(limit)];
            return Task.FromResult(found);
        }
    }

    private sealed class SearchEntry(SearchRequest request, DateTimeOffset requestedAt)
    {
        public SearchRequest Request { get; } = request;

        public long? ResearchId { get; set; }

        public DateTimeOffset RequestedAt { get; } = requestedAt;

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? CompletedAt { get; set; }

        public int Attempts { get; set; }

        public int Failures { get; set; }

        public int? Candidates { get; set; }

        public DateTimeOffset? ParkedAt { get; set; }

        public string? LastError { get; set; }

        public bool IsPending => CompletedAt is null && ParkedAt is null;
    }
}
