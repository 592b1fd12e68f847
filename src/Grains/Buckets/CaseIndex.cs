using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket's cases, ready to score a person. Cases of one typed parent are packed as that parent's codes, cases of
/// both parents as (father, mother) pair codes, in blocks by locus bucket key (the father's alleles at the anchor
/// loci, else the mother's), so a person costs one table lookup per locus per case and reaches only the keys it can
/// share an allele with. Every other shape keeps, per case and locus, the exact LR of every genotype a person could
/// have; cases and persons that cannot be tabulated (an allele the table lacks, sex-dependent LRs, θ &gt; 0 for the
/// closed forms) go to the general path.
/// </summary>
public sealed class CaseIndex(KinshipEngine engine, ScanLayout layout, AnchorLoci anchors)
{
    private const int FatherOnly = 0;
    private const int MotherOnly = 1;
    private const int BothParents = 2;

    private readonly PackedMembers _packed = new(layout.Loci.Count);
    private readonly Dictionary<string, Entry> _others = new(StringComparer.Ordinal);

    public int Count => _packed.Count + _others.Count;

    /// <summary>Bytes the packed cases take (codes, ids, revisions, index; pair spaces not counted).</summary>
    public long PackedBytes => _packed.Bytes;

    public void Upsert(CaseDefinition definition)
    {
        var id = definition.CaseId;
        if (_packed.IsStale(id, definition.Revision) || (_others.TryGetValue(id, out var held) && held.Definition.Revision > definition.Revision))
        {
            return;
        }

        _others.Remove(id);
        _packed.Remove(id);
        var father = definition.References.Where(r => r.Role == RoleNames.Name(Role.Father)).ToList();
        var mother = definition.References.Where(r => r.Role == RoleNames.Name(Role.Mother)).ToList();
        var parentsOnly = father.Count + mother.Count == definition.References.Count && father.Count <= 1 && mother.Count <= 1;
        Span<ushort> fatherCodes = stackalloc ushort[layout.Loci.Count];
        Span<ushort> motherCodes = stackalloc ushort[layout.Loci.Count];
        if (parentsOnly && engine.Theta == 0
            && (father.Count == 0 || layout.TryEncode(father[0].Dna.ToProfile(), fatherCodes))
            && (mother.Count == 0 || layout.TryEncode(mother[0].Dna.ToProfile(), motherCodes)))
        {
            if (father.Count == 1 && mother.Count == 1)
            {
                Load(id, definition.Revision, fatherCodes, motherCodes);
            }
            else if (father.Count == 1)
            {
                Load(id, definition.Revision, fatherCodes, default);
            }
            else if (mother.Count == 1)
            {
                Load(id, definition.Revision, default, motherCodes);
            }

            return;
        }

        _others[id] = new Entry(definition);
    }

    /// <summary>Adds a parents-only case already in layout codes (bulk load); an empty span is an absent parent.</summary>
    public void Load(string id, int revision, ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother)
    {
        if (!father.IsEmpty && !mother.IsEmpty)
        {
            _packed.Upsert(id, revision, BothParents, anchors.Key(father), father, mother);
        }
        else if (!father.IsEmpty)
        {
            _packed.Upsert(id, revision, FatherOnly, anchors.Key(father), father);
        }
        else
        {
            _packed.Upsert(id, revision, MotherOnly, anchors.Key(mother), mother);
        }
    }

    public void Remove(string id)
    {
        _packed.Remove(id);
        _others.Remove(id);
    }

    public BucketScore Score(string personId, Profile person, double threshold, bool prune)
    {
        var candidates = new List<Candidate>();
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        var encoded = layout.TryEncode(person, codes);
        bool[]? reachable = null;
        if (prune && encoded)
        {
            reachable = new bool[anchors.KeyCount];
            anchors.Reachable(codes, reachable);
        }

        var scored = ScorePacked(personId, person, encoded, reachable, threshold, candidates);
        foreach (var entry in _others.Values)
        {
            var tables = encoded ? Tables(entry) : null;
            double lr;
            if (tables is null)
            {
                lr = engine.Evaluate(entry.Definition.ToKinshipCase(person)).Lr ?? 0;
            }
            else
            {
                lr = 1;
                for (var l = 0; l < tables.Length && lr > 0; l++)
                {
                    if (codes[l] != ScanLayout.Untyped)
                    {
                        lr *= tables[l][codes[l] - 1];
                    }
                }
            }

            if (lr >= threshold)
            {
                candidates.Add(new Candidate(personId, entry.Definition.CaseId, lr));
            }
        }

        return new BucketScore(candidates, scored + _others.Count, Count);
    }

    private long ScorePacked(string personId, Profile person, bool encoded, bool[]? reachable, double threshold, List<Candidate> candidates)
    {
        var queries = new Dictionary<object, ScanQuery>();
        TrioScanQuery? trio = null;
        var hits = new List<ScanHit>();
        long scored = 0;
        foreach (var block in _packed.Blocks)
        {
            if (block.Count == block.Dead || (reachable is not null && !reachable[block.Key]))
            {
                continue;
            }

            scored += block.Count - block.Dead;
            if (!encoded)
            {
                // The person carries an allele the table lacks: each case through the general path.
                for (var slot = 0; slot < block.Count; slot++)
                {
                    if (!block.IsDead(slot) && engine.Evaluate(Decode(block, slot, person)).Lr is { } lr && lr >= threshold)
                    {
                        candidates.Add(new Candidate(personId, block.Id(slot), lr));
                    }
                }

                continue;
            }

            object shape = block.Pairs ?? (object)block.Kind;
            if (!queries.TryGetValue(shape, out var query))
            {
                query = block.Pairs is { } pairs
                    ? (trio ??= TrioScanQuery.ForPerson(engine, layout, person)!).Against(pairs)
                    : ScanQuery.ForPersonAgainstParents(engine, layout, person, block.Kind == FatherOnly ? Sex.Male : Sex.Female)!;
                queries[shape] = query;
            }

            hits.Clear();
            ScanKernel.Scan(query, block.Codes, threshold, hits);
            foreach (var hit in hits)
            {
                if (!block.IsDead(hit.Member))
                {
                    candidates.Add(new Candidate(personId, block.Id(hit.Member), hit.Lr));
                }
            }
        }

        return scored;
    }

    /// <summary>The case a packed slot stands for, with <paramref name="person"/> as the missing person.</summary>
    private KinshipCase Decode(MemberBlock block, int slot, Profile person)
    {
        Span<ushort> father = stackalloc ushort[layout.Loci.Count];
        Span<ushort> mother = stackalloc ushort[layout.Loci.Count];
        for (var l = 0; l < father.Length; l++)
        {
            var code = block.Codes.Code(l, slot);
            (father[l], mother[l]) = block.Pairs is { } pairs ? pairs.Pair(l, code) : (code, code);
        }

        var id = block.Id(slot);
        List<Reference> references = block.Kind switch
        {
            FatherOnly => [new Reference(Role.Father, layout.Decode(father, Sex.Male), "father")],
            MotherOnly => [new Reference(Role.Mother, layout.Decode(mother, Sex.Female), "mother")],
            _ => [new Reference(Role.Father, layout.Decode(father, Sex.Male), "father"), new Reference(Role.Mother, layout.Decode(mother, Sex.Female), "mother")],
        };
        return new KinshipCase(id, references, person);
    }

    private double[][]? Tables(Entry entry)
    {
        if (entry.Tabulated)
        {
            return entry.Tables;
        }

        entry.Tabulated = true;
        var kinshipCase = entry.Definition.ToKinshipCase(SexDependence.Placeholder);
        if (kinshipCase.Problem() is not null || SexDependence.Applies(engine, kinshipCase))
        {
            return null;
        }

        try
        {
            entry.Tables = [.. layout.Loci.Select(l => engine.LikelihoodRatiosByGenotype(kinshipCase, l.Locus))];
        }
        catch (ArgumentException)
        {
            // A reference carries an allele the table lacks: the general path extends the table per case.
            entry.Tables = null;
        }

        return entry.Tables;
    }

    private sealed class Entry(CaseDefinition definition)
    {
        public CaseDefinition Definition { get; } = definition;

        public bool Tabulated { get; set; }

        public double[][]? Tables { get; set; }
    }
}
