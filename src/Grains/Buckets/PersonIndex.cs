using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket's persons of unknown parentage, packed for the scan kernel (one ushort per locus, tiles of eight).
/// A case is turned into per-locus LR tables once and scanned against the block; persons with an allele the table
/// lacks are scored on the general path.
/// </summary>
public sealed class PersonIndex(KinshipEngine engine, ScanLayout layout)
{
    private readonly Dictionary<string, Profile> _persons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);
    private PackedBlock? _block;
    private List<string> _packedIds = [];
    private List<string> _unpacked = [];

    public int Count => _persons.Count;

    public void Upsert(string id, int version, Profile profile)
    {
        if (_versions.TryGetValue(id, out var held) && held > version)
        {
            return;
        }

        _versions[id] = version;
        _persons[id] = profile;
        _block = null;
    }

    public List<Candidate> Score(CaseDefinition definition, double threshold)
    {
        var candidates = new List<Candidate>();
        var kinshipCase = definition.ToKinshipCase(SexDependence.Placeholder);
        if (kinshipCase.Problem() is not null)
        {
            return candidates;
        }

        var block = Pack();
        ScanQuery? query = null;
        if (!SexDependence.Applies(engine, kinshipCase))
        {
            try
            {
                query = ScanQuery.ForCaseAgainstPersons(engine, layout, kinshipCase);
            }
            catch (ArgumentException)
            {
                // A reference carries an allele the table lacks: every person goes through the general path.
            }
        }

        if (query is null)
        {
            foreach (var (id, profile) in _persons)
            {
                Evaluate(definition, id, profile, threshold, candidates);
            }

            return candidates;
        }

        var hits = new List<ScanHit>();
        ScanKernel.Scan(query, block, threshold, hits);
        candidates.AddRange(hits.Select(h => new Candidate(_packedIds[h.Member], definition.CaseId, h.Lr)));
        foreach (var id in _unpacked)
        {
            Evaluate(definition, id, _persons[id], threshold, candidates);
        }

        return candidates;
    }

    private void Evaluate(CaseDefinition definition, string id, Profile profile, double threshold, List<Candidate> candidates)
    {
        if (engine.Evaluate(definition.ToKinshipCase(profile)).Lr is { } lr && lr >= threshold)
        {
            candidates.Add(new Candidate(id, definition.CaseId, lr));
        }
    }

    private PackedBlock Pack()
    {
        if (_block is not null)
        {
            return _block;
        }

        var block = new PackedBlock(layout.Loci.Count, _persons.Count);
        var ids = new List<string>(_persons.Count);
        var unpacked = new List<string>();
        var codes = new ushort[layout.Loci.Count];
        foreach (var (id, profile) in _persons)
        {
            if (layout.TryEncode(profile, codes))
            {
                block.Add(codes);
                ids.Add(id);
            }
            else
            {
                unpacked.Add(id);
            }
        }

        (_block, _packedIds, _unpacked) = (block, ids, unpacked);
        return block;
    }
}
