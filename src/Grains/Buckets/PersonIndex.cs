using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket's persons of unknown parentage, packed for the scan kernel in blocks by sex and locus bucket key.
/// A case becomes per-locus LR tables once and is scanned against the blocks its typed parents can reach (all of
/// them when pruning is off or the case has no typed parent). Persons typed outside the scan layout or with an
/// allele the table lacks, and cases that cannot be tabulated, go through the general path.
/// </summary>
public sealed class PersonIndex(KinshipEngine engine, ScanLayout layout, AnchorLoci anchors, SubmissionQueries? shared = null)
{
    private readonly PackedMembers<Sex> _packed = new();

    // The identity check's loci, the most discriminating first; the anchors last, since a block's members already
    // agree with the profile in their anchor classes.
    private readonly int[] _identityOrder = [.. layout.ByDiscrimination.OrderBy(l => anchors.Loci.Contains(layout.Loci[l].Locus))];
    // The persons the layout cannot pack, each with its codes at every locus of the table (Unseen where an allele
    // is not in it), so that a case's table of LRs by genotype reads them as the packed persons are read.
    private readonly Dictionary<string, (int Version, Profile Profile, ushort[] Codes)> _unpacked = new(StringComparer.Ordinal);
    private readonly ScanLayout _whole = ScanLayout.EveryLocus(engine.Frequencies);

    /// <summary>The key, beside the layout's query (−1), of a case search's query at every locus of the table.</summary>
    private const int WholeQuery = -2;

    public int Count => _packed.Count + _unpacked.Count;

    public void Upsert(string id, int version, Profile profile)
    {
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        Upsert(id, version, profile.Sex, layout.TryEncodeWhole(profile, codes) ? codes : default, profile, null);
    }

    /// <summary>A person as a bucket is sent one: encoded straight from its loci in order, made a profile only when it cannot be packed.</summary>
    public void Upsert(string id, int version, Dna dna)
    {
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        Upsert(id, version, dna.Sex, layout.TryEncodeWhole(dna.Loci, dna.Alleles, codes) ? codes : default, null, dna);
    }

    /// <summary>
    /// Packs a person (<paramref name="codes"/> empty: keeps it as a profile, for the general path: typed outside the
    /// layout, or an allele the table lacks) unless a newer version is held.
    /// </summary>
    private void Upsert(string id, int version, Sex sex, ReadOnlySpan<ushort> codes, Profile? profile, Dna? dna)
    {
        // Most buckets hold no unpacked person, or few: asked only then.
        var unpacked = false;
        if (_unpacked.Count > 0 && _unpacked.TryGetValue(id, out var held))
        {
            if (held.Version > version)
            {
                return;
            }

            unpacked = true;
        }

        if (!codes.IsEmpty)
        {
            if (_packed.Upsert(id, version, sex, anchors.Key(codes), codes) && unpacked)
            {
                _unpacked.Remove(id);
            }
        }
        else if (!_packed.IsStale(id, version))
        {
            _packed.Remove(id);
            var person = profile ?? dna!.ToProfile();
            var whole = new ushort[_whole.Loci.Count];
            _whole.EncodeUnseen(person, whole);
            _unpacked[id] = (version, person, whole);
        }
    }

    /// <summary>Adds a person already in layout codes (bulk load).</summary>
    public void Load(string id, int version, Sex sex, ReadOnlySpan<ushort> codes) =>
        _packed.Upsert(id, version, sex, anchors.Key(codes), codes);

    public void Remove(string id)
    {
        _packed.Remove(id);
        _unpacked.Remove(id);
    }

    /// <summary>Builds a case's query unless another bucket of the silo has (<see cref="SubmissionQueries.Prepare"/>).</summary>
    public void Prepare(CaseDefinition definition, long search)
    {
        var kinshipCase = definition.ToKinshipCase(SexDependence.Placeholder);
        if (shared is not null && search >= 0 && _packed.Count > 0 && kinshipCase.Problem() is null && !engine.DependsOnCandidateSex(kinshipCase))
        {
            shared.Prepare(search, -1, () => ScanQuery.ForCaseAgainstPersons(engine, layout, kinshipCase));
        }

        if (shared is not null && search >= 0 && _unpacked.Count > 0 && kinshipCase.Problem() is null && !engine.DependsOnCandidateSex(kinshipCase))
        {
            shared.Prepare(search, WholeQuery, () => ScanQuery.ForCaseAgainstPersons(engine, _whole, kinshipCase));
        }
    }

    /// <summary>Scores a case against the persons; <paramref name="search"/> names the submission so that the buckets of a silo share its query.</summary>
    public BucketScore Score(CaseDefinition definition, double threshold, bool prune, long search = -1)
    {
        var candidates = new List<Candidate>();
        var kinshipCase = definition.ToKinshipCase(SexDependence.Placeholder);
        if (kinshipCase.Problem() is not null)
        {
            return new BucketScore(candidates, 0, Count);
        }

        IScanQuery? query = null;
        if (!engine.DependsOnCandidateSex(kinshipCase))
        {
            query = shared is null || search < 0
                ? ScanQuery.ForCaseAgainstPersons(engine, layout, kinshipCase)
                : shared.GetOrBuild(search, -1, () => ScanQuery.ForCaseAgainstPersons(engine, layout, kinshipCase));
        }

        var reachable = prune ? Reachable(kinshipCase) : null;
        long scored = 0;
        var hits = new List<ScanHit>();
        foreach (var block in _packed.Blocks)
        {
            if (reachable is not null && !reachable[block.Key])
            {
                continue;
            }

            scored += block.Count - block.Dead;
            if (query is null)
            {
                for (var slot = 0; slot < block.Count; slot++)
                {
                    if (!block.IsDead(slot))
                    {
                        Evaluate(definition, block.Id(slot), Decode(block, slot), threshold, candidates);
                    }
                }

                continue;
            }

            hits.Clear();
            query.Scan(block.Codes, threshold, hits);
            foreach (var hit in hits)
            {
                if (!block.IsDead(hit.Member))
                {
                    candidates.Add(new Candidate(block.Id(hit.Member), definition.CaseId, hit.Lr));
                }
            }
        }

        var whole = query is null || _unpacked.Count == 0 ? null
            : shared is null || search < 0 ? ScanQuery.ForCaseAgainstPersons(engine, _whole, kinshipCase)
            : (ScanQuery?)shared.GetOrBuild(search, WholeQuery, () => ScanQuery.ForCaseAgainstPersons(engine, _whole, kinshipCase));
        foreach (var (id, (_, profile, codes)) in _unpacked)
        {
            if (whole is not null)
            {
                EvaluateByLocus(definition, whole, id, profile, codes, threshold, candidates);
            }
            else
            {
                Evaluate(definition, id, profile, threshold, candidates);
            }
        }

        return new BucketScore(candidates, scored + _unpacked.Count, Count);
    }

    /// <summary>
    /// The persons other than <paramref name="id"/> identical to a profile at every locus both are typed at, sharing
    /// at least <paramref name="minimumShared"/> of them: the same person registered twice. Packed persons are
    /// compared at the scan loci, in the blocks whose anchor classes agree; the rest locus by locus.
    /// </summary>
    public List<IdentityMatch> Identical(string id, Profile profile, int minimumShared) => Identical([(id, profile)], minimumShared)[0];

    /// <summary>
    /// <see cref="Identical(string, Profile, int)"/> for many profiles at once, each block read once for all those
    /// whose identical members it can hold: the check stops at the first locus of most tiles, so it waits on memory
    /// more than it compares, and the profiles after the first find the block in cache.
    /// </summary>
    public List<List<IdentityMatch>> Identical(IReadOnlyList<(string Id, Profile Profile)> subjects, int minimumShared)
    {
        var matches = new List<IdentityMatch>[subjects.Count];
        var codes = new ushort[subjects.Count][];
        var keys = new bool[]?[subjects.Count];
        for (var s = 0; s < subjects.Count; s++)
        {
            matches[s] = [];
            codes[s] = new ushort[layout.Loci.Count];
            if (layout.TryEncode(subjects[s].Profile, codes[s]))
            {
                keys[s] = new bool[anchors.KeyCount];
                anchors.Identical(codes[s], keys[s]);
            }
            else
            {
                // An allele the table lacks: no packed person holds it, but one untyped there may still be the same person.
                layout.EncodeUnseen(subjects[s].Profile, codes[s]);
            }
        }

        var hits = new List<IdentityHit>();
        foreach (var block in _packed.Blocks)
        {
            for (var s = 0; s < subjects.Count; s++)
            {
                if (keys[s] is { } allowed && !allowed[block.Key])
                {
                    continue;
                }

                hits.Clear();
                IdentityScan.Scan(block.Codes, codes[s], minimumShared, hits, _identityOrder);
                foreach (var hit in hits)
                {
                    if (!block.IsDead(hit.Member) && block.Id(hit.Member) is var other && other != subjects[s].Id)
                    {
                        matches[s].Add(new IdentityMatch(other, hit.SharedLoci));
                    }
                }
            }
        }

        foreach (var (other, (_, held, _)) in _unpacked)
        {
            for (var s = 0; s < subjects.Count; s++)
            {
                if (other != subjects[s].Id && IdentityMatch.Shared(subjects[s].Profile, held) is { } shared && shared >= minimumShared)
                {
                    matches[s].Add(new IdentityMatch(other, shared));
                }
            }
        }

        return [.. matches];
    }

    /// <summary>The keys a child of every typed parent of the case can have; null (all) when the case has no typed parent.</summary>
    private bool[]? Reachable(KinshipCase kinshipCase)
    {
        bool[]? reachable = null;
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        var keys = new bool[anchors.KeyCount];
        foreach (var parent in kinshipCase.References.Where(r => r.Role is Role.Father or Role.Mother))
        {
            if (!layout.TryEncode(parent.Profile, codes))
            {
                continue;
            }

            anchors.Reachable(codes, keys);
            if (reachable is null)
            {
                reachable = (bool[])keys.Clone();
            }
            else
            {
                for (var k = 0; k < keys.Length; k++)
                {
                    reachable[k] &= keys[k];
                }
            }
        }

        return reachable;
    }

    private Profile Decode(MemberBlock<Sex> block, int slot)
    {
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        for (var l = 0; l < codes.Length; l++)
        {
            codes[l] = block.Codes.Code(l, slot);
        }

        return layout.Decode(codes, block.Kind);
    }

    /// <summary>
    /// A person the buckets cannot pack (an allele the table lacks, a locus beyond the layout) against a case whose LR
    /// does not depend on the candidate's sex: the case's LR by genotype at every locus of the table (<paramref
    /// name="whole"/>, built once per search), the same per-locus LRs the general path multiplies; only a locus where
    /// the person carries an allele the table lacks is peeled. Every case search meets every such person of the
    /// bucket: peeling its loci beyond the layout was a fifteenth of a million-line backlog's CPU.
    /// </summary>
    private void EvaluateByLocus(CaseDefinition definition, ScanQuery whole, string id, Profile profile, ushort[] codes, double threshold, List<Candidate> candidates)
    {
        KinshipCase? kinshipCase = null;
        var lr = 1.0;
        for (var column = 0; column < codes.Length; column++)
        {
            if (whole.TryExact(column, codes[column], out var known))
            {
                lr *= known;
                continue;
            }

            kinshipCase ??= definition.ToKinshipCase(profile);
            var peeled = engine.LikelihoodRatioAt(kinshipCase, _whole.Loci[column].Locus);
            if (double.IsNaN(peeled))
            {
                return; // the references are inconsistent: the general path fails the case, no candidate
            }

            lr *= peeled;
        }

        if (lr >= threshold)
        {
            candidates.Add(new Candidate(id, definition.CaseId, lr));
        }
    }

    private void Evaluate(CaseDefinition definition, string id, Profile profile, double threshold, List<Candidate> candidates)
    {
        if (engine.Evaluate(definition.ToKinshipCase(profile)).Lr is { } lr && lr >= threshold)
        {
            candidates.Add(new Candidate(id, definition.CaseId, lr));
        }
    }
}
