using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket's cases, ready to score a person. Cases of one typed parent are packed as that parent's codes, cases of
/// both parents as the father's codes then the mother's, in blocks by locus bucket key (the father's alleles at the
/// anchor loci, else the mother's), so a person reaches only the keys it can share an allele with and costs one
/// table lookup per locus and parent. Every other shape, and parents typed outside the scan layout, are tabulated:
/// per locus and genotype a row of every such case's LR, rounded up (<see cref="TabulatedCases"/>; a reference's
/// alleles the table lacks extend the locus as the general path does); persons and cases that cannot be tabulated (a person's allele the table lacks,
/// sex-dependent LRs, θ &gt; 0 for the packed closed forms) go to the general path.
/// </summary>
public sealed class CaseIndex
{

    private readonly KinshipEngine _engine;
    private readonly ScanLayout _layout;
    private readonly ScanLayout _full;
    private readonly AnchorLoci _anchors;
    private readonly PackedMembers<CaseShape> _packed;
    private readonly Dictionary<string, Entry> _others = new(StringComparer.Ordinal);
    private readonly TabulatedCases _tabulated;
    private readonly List<Entry?> _bySlot = [];
    private readonly List<Entry> _pending = [];
    private readonly Dictionary<string, Entry> _general = new(StringComparer.Ordinal);

    private readonly SubmissionQueries? _shared;

    public CaseIndex(KinshipEngine engine, ScanLayout layout, AnchorLoci anchors, SubmissionQueries? shared = null)
    {
        (_engine, _layout, _anchors, _shared) = (engine, layout, anchors, shared);
        _full = ScanLayout.EveryLocus(engine.Frequencies);
        _tabulated = new TabulatedCases([.. _full.Loci.Select(l => GenotypeIndex.Count(l.Alleles.Count))]);
        _packed = new((kind, columns) => kind == CaseShape.BothParents ? layout.TrioBlock(PackedBlock.TileWidth) : new PackedBlock(columns, PackedBlock.TileWidth));
    }

    public int Count => _packed.Count + _others.Count;

    public void Upsert(CaseDefinition definition)
    {
        var id = definition.CaseId;
        if (_packed.IsStale(id, definition.Revision) || (_others.TryGetValue(id, out var held) && held.Definition.Revision > definition.Revision))
        {
            return;
        }

        Remove(id);
        var father = definition.References.Where(r => r.Role == RoleNames.Name(Role.Father)).Select(r => r.Dna.ToProfile()).ToList();
        var mother = definition.References.Where(r => r.Role == RoleNames.Name(Role.Mother)).Select(r => r.Dna.ToProfile()).ToList();
        var parentsOnly = father.Count + mother.Count == definition.References.Count && father.Count <= 1 && mother.Count <= 1;
        Span<ushort> fatherCodes = stackalloc ushort[_layout.Loci.Count];
        Span<ushort> motherCodes = stackalloc ushort[_layout.Loci.Count];
        if (parentsOnly && _engine.Theta == 0 && father.Concat(mother).All(_layout.Covers)
            && (father.Count == 0 || _layout.TryEncode(father[0], fatherCodes))
            && (mother.Count == 0 || _layout.TryEncode(mother[0], motherCodes)))
        {
            if (father.Count + mother.Count > 0)
            {
                Load(id, definition.Revision, father.Count == 1 ? fatherCodes : default, mother.Count == 1 ? motherCodes : default);
            }

            return;
        }

        var entry = new Entry(definition);
        _others[id] = entry;
        _pending.Add(entry);
    }

    /// <summary>Adds a parents-only case already in layout codes (bulk load); an empty span is an absent parent.</summary>
    public void Load(string id, int revision, ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother)
    {
        if (!father.IsEmpty && !mother.IsEmpty)
        {
            Span<ushort> both = stackalloc ushort[2 * _layout.Loci.Count];
            father.CopyTo(both);
            mother.CopyTo(both[_layout.Loci.Count..]);
            _packed.Upsert(id, revision, CaseShape.BothParents, _anchors.Key(father), both);
        }
        else if (!father.IsEmpty)
        {
            _packed.Upsert(id, revision, CaseShape.FatherOnly, _anchors.Key(father), father);
        }
        else
        {
            _packed.Upsert(id, revision, CaseShape.MotherOnly, _anchors.Key(mother), mother);
        }
    }

    public void Remove(string id)
    {
        _packed.Remove(id);
        if (_others.Remove(id, out var entry) && entry.Slot >= 0)
        {
            _tabulated.Kill(entry.Slot);
            _bySlot[entry.Slot] = null;
        }

        _general.Remove(id);
    }

    /// <summary>Scores a person against the cases; <paramref name="search"/> names the submission so that the buckets of a silo share its queries.</summary>
    public BucketScore Score(string personId, Profile person, double threshold, bool prune, long search = -1)
    {
        var candidates = new List<Candidate>();
        var (scanned, bound) = Scanned(_layout, person);
        Span<ushort> codes = stackalloc ushort[_layout.Loci.Count];
        _layout.TryEncode(scanned, codes);
        bool[]? reachable = null;
        if (prune)
        {
            reachable = new bool[_anchors.KeyCount];
            _anchors.Reachable(codes, reachable);
        }

        var scored = ScorePacked(personId, person, scanned, bound, reachable, threshold, candidates, search);
        ScoreOthers(personId, person, threshold, candidates);
        return new BucketScore(candidates, scored + _others.Count, Count);
    }

    /// <summary>
    /// The person as a scan reads it, and how far the loci it leaves out can raise an LR. A genotype with an allele
    /// the table lacks has no code, so its locus is scanned as untyped; the LR it adds is P(genotype | references) /
    /// P_HW(genotype) with the locus extended by that allele as the general path extends it, at most 1 / P_HW. What
    /// the scan lets through at the threshold over that bound is confirmed on the general path. (Such a person had
    /// every case peeled there: about a hundred thousand evaluations a search at a million lines.)
    /// </summary>
    private static (Profile Scanned, double Bound) Scanned(ScanLayout layout, Profile person)
    {
        Dictionary<string, Genotype>? kept = null;
        var bound = 1.0;
        foreach (var locus in layout.Loci)
        {
            if (person[locus.Locus] is not { } genotype || (locus.IndexOf(genotype.First) >= 0 && locus.IndexOf(genotype.Second) >= 0))
            {
                continue;
            }

            var wider = locus.WithUnseen([genotype.First, genotype.Second]);
            var (a, b) = (wider.IndexOf(genotype.First), wider.IndexOf(genotype.Second));
            bound /= a == b ? wider.Frequencies[a] * wider.Frequencies[a] : 2 * wider.Frequencies[a] * wider.Frequencies[b];
            kept ??= person.Loci.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            kept.Remove(locus.Locus);
        }

        // A hair over the bound, for the rounding of the general path's own division.
        return kept is null ? (person, 1) : (person with { Loci = kept }, bound * (1 + 1e-9));
    }

    private long ScorePacked(string personId, Profile person, Profile scanned, double bound, bool[]? reachable, double threshold,
        List<Candidate> candidates, long search)
    {
        var queries = new IScanQuery?[3];
        var beyond = Beyond(scanned);
        var factors = new double[3];
        var hits = new List<ScanHit>();
        long scored = 0;
        foreach (var block in _packed.Blocks)
        {
            if (block.Count == block.Dead || (reachable is not null && !reachable[block.Key]))
            {
                continue;
            }

            scored += block.Count - block.Dead;
            var query = queries[(int)block.Kind] ??= Query(block.Kind, scanned, search);
            // Loci the person is typed at beyond the layout: the packed parents are untyped there, so each adds the
            // same factor to every case of the kind (not 1: with mutation, a founder passes q = pᵀM, not p).
            var factor = factors[(int)block.Kind] = factors[(int)block.Kind] is > 0 and var known ? known : Factor(block.Kind, beyond);
            hits.Clear();
            query.Scan(block.Codes, threshold / (factor * bound), hits);
            foreach (var hit in hits)
            {
                if (block.IsDead(hit.Member))
                {
                    continue;
                }

                if (bound == 1 && hit.Lr * factor >= threshold)
                {
                    candidates.Add(new Candidate(personId, block.Id(hit.Member), hit.Lr * factor));
                }
                else if (bound > 1 && _engine.Evaluate(Decode(block, hit.Member, person)).Lr is { } lr && lr >= threshold)
                {
                    candidates.Add(new Candidate(personId, block.Id(hit.Member), lr));
                }
            }
        }

        return scored;
    }

    private IScanQuery Query(CaseShape kind, Profile person, long search) =>
        (_shared is null || search < 0 ? Build(kind, person) : _shared.GetOrBuild(search, (int)kind, () => Build(kind, person)))
            ?? throw new InvalidOperationException("an encoded person always has a scan query");

    private IScanQuery? Build(CaseShape kind, Profile person) => kind switch
    {
        CaseShape.FatherOnly => ScanQuery.ForPersonAgainstParents(_engine, _layout, person, Sex.Male),
        CaseShape.MotherOnly => ScanQuery.ForPersonAgainstParents(_engine, _layout, person, Sex.Female),
        _ => TrioScanQuery.ForPerson(_engine, _layout, person)?.Bound(_layout.Loci.Count),
    };

    /// <summary>Builds a person's queries for the kinds of case held, unless another bucket of the silo has (<see cref="SubmissionQueries.Prepare"/>).</summary>
    public void Prepare(Profile person, long search)
    {
        if (_shared is null || search < 0)
        {
            return;
        }

        var scanned = Scanned(_layout, person).Scanned;
        foreach (var kind in Enum.GetValues<CaseShape>())
        {
            if (_packed.Blocks.Any(b => b.Kind == kind && b.Count > b.Dead))
            {
                _shared.Prepare(search, (int)kind, () => Build(kind, scanned));
            }
        }
    }

    /// <summary>The person at the loci outside the scan layout only; null when there are none.</summary>
    private Profile? Beyond(Profile person)
    {
        if (_layout.Covers(person))
        {
            return null;
        }

        var inLayout = _layout.Loci.Select(l => l.Locus).ToHashSet(StringComparer.Ordinal);
        return person with { Loci = person.Loci.Where(l => !inLayout.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal) };
    }

    /// <summary>The LR the loci beyond the layout contribute for a case of this kind whose parents are untyped there.</summary>
    private double Factor(CaseShape kind, Profile? beyond)
    {
        if (beyond is null)
        {
            return 1;
        }

        var untyped = new Dictionary<string, Genotype>();
        List<Reference> parents = kind switch
        {
            CaseShape.FatherOnly => [new Reference(Role.Father, new Profile(Sex.Male, untyped), "father")],
            CaseShape.MotherOnly => [new Reference(Role.Mother, new Profile(Sex.Female, untyped), "mother")],
            _ => [new Reference(Role.Father, new Profile(Sex.Male, untyped), "father"), new Reference(Role.Mother, new Profile(Sex.Female, untyped), "mother")],
        };
        return _engine.Evaluate(new KinshipCase("beyond the scan layout", parents, beyond)).Lr ?? 1;
    }

    private void ScoreOthers(string personId, Profile person, double threshold, List<Candidate> candidates)
    {
        if (_others.Count == 0)
        {
            return;
        }

        void Confirm(Entry entry)
        {
            if (_engine.Evaluate(entry.Definition.ToKinshipCase(person)).Lr is { } lr && lr >= threshold)
            {
                candidates.Add(new Candidate(personId, entry.Definition.CaseId, lr));
            }
        }

        Span<ushort> codes = stackalloc ushort[_full.Loci.Count];
        var (scanned, bound) = Scanned(_full, person);
        _full.TryEncode(scanned, codes);
        Tabulate();
        // The few the screen lets through, and the cases that cannot be tabulated, get the exact LR.
        var passing = new List<int>();
        _tabulated.Screen(codes, threshold / bound, passing);
        foreach (var slot in passing)
        {
            if (bound == 1 || !_bySlot[slot]!.ReferencesUnseen)
            {
                Confirm(_bySlot[slot]!);
            }
        }

        if (bound > 1)
        {
            // A case whose references carry alleles the table lacks extends the locus further than the bound
            // assumed (a smaller P_HW for the person's genotype): each is confirmed, screened or not.
            foreach (var entry in _bySlot)
            {
                if (entry is { ReferencesUnseen: true })
                {
                    Confirm(entry);
                }
            }
        }

        foreach (var entry in _general.Values)
        {
            Confirm(entry);
        }
    }

    /// <summary>
    /// Tabulates the cases added since the last person came: each case's LR for every genotype at every locus one
    /// of its references is typed at. Cases with sex-dependent LRs, or LRs past what the rows hold, stay on the
    /// general path.
    /// </summary>
    private void Tabulate()
    {
        foreach (var entry in _pending)
        {
            if (!_others.TryGetValue(entry.Definition.CaseId, out var current) || current != entry)
            {
                continue;
            }

            var kinshipCase = entry.Definition.ToKinshipCase(SexDependence.Placeholder);
            var slot = kinshipCase.Problem() is null && !_engine.DependsOnCandidateSex(kinshipCase)
                ? _tabulated.Add([.. _full.Loci.Select(l => entry.Definition.References.Any(r => r.Dna.IndexOf(l.Locus) >= 0)
                    ? _engine.LikelihoodRatiosByGenotype(kinshipCase, l.Locus)
                    : null)])
                : -1;
            if (slot < 0)
            {
                _general[entry.Definition.CaseId] = entry;
                continue;
            }

            entry.Slot = slot;
            entry.ReferencesUnseen = entry.Definition.References.Select(r => r.Dna.ToProfile())
                .Any(reference => _full.Loci.Any(l => reference[l.Locus] is { } g && (l.IndexOf(g.First) < 0 || l.IndexOf(g.Second) < 0)));
            _bySlot.Add(entry);
        }

        _pending.Clear();
        if (_tabulated.Dead > 1024 && _tabulated.Dead > _tabulated.Count / 2)
        {
            var moved = _tabulated.Compact();
            var live = new List<Entry?>(_tabulated.Count);
            for (var slot = 0; slot < moved.Length; slot++)
            {
                if (moved[slot] >= 0 && _bySlot[slot] is { } entry)
                {
                    entry.Slot = moved[slot];
                    live.Add(entry);
                }
            }

            _bySlot.Clear();
            _bySlot.AddRange(live);
        }
    }

    /// <summary>The case a packed slot stands for, with <paramref name="person"/> as the missing person.</summary>
    private KinshipCase Decode(MemberBlock<CaseShape> block, int slot, Profile person)
    {
        var loci = _layout.Loci.Count;
        Span<ushort> first = stackalloc ushort[loci];
        Span<ushort> second = stackalloc ushort[loci];
        for (var l = 0; l < loci; l++)
        {
            first[l] = block.Codes.Code(l, slot);
            second[l] = block.Kind == CaseShape.BothParents ? block.Codes.Code(loci + l, slot) : first[l];
        }

        var id = block.Id(slot);
        List<Reference> references = block.Kind switch
        {
            CaseShape.FatherOnly => [new Reference(Role.Father, _layout.Decode(first, Sex.Male), "father")],
            CaseShape.MotherOnly => [new Reference(Role.Mother, _layout.Decode(first, Sex.Female), "mother")],
            _ => [new Reference(Role.Father, _layout.Decode(first, Sex.Male), "father"), new Reference(Role.Mother, _layout.Decode(second, Sex.Female), "mother")],
        };
        return new KinshipCase(id, references, person);
    }

    private sealed class Entry(CaseDefinition definition)
    {
        public CaseDefinition Definition { get; } = definition;

        /// <summary>The case's slot in the tabulated rows; −1 while pending or on the general path.</summary>
        public int Slot { get; set; } = -1;

        /// <summary>Whether a reference carries an allele the table lacks (its rows are of the locus extended by it).</summary>
        public bool ReferencesUnseen { get; set; }
    }
}
