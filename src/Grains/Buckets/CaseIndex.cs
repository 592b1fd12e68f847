using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket's cases, ready to score a person: per case and locus, the exact LR for every genotype the person could
/// have (the case's precomputation), so a person costs one lookup per locus per case. Cases that cannot be
/// tabulated (an allele the table lacks, sex-dependent LRs) and persons that cannot be encoded go to the general path.
/// </summary>
public sealed class CaseIndex(KinshipEngine engine, ScanLayout layout)
{
    private readonly Dictionary<string, Entry> _cases = new(StringComparer.Ordinal);

    public int Count => _cases.Count;

    public void Upsert(CaseDefinition definition)
    {
        if (_cases.TryGetValue(definition.CaseId, out var current) && current.Definition.Revision > definition.Revision)
        {
            return;
        }

        _cases[definition.CaseId] = new Entry(definition);
    }

    public List<Candidate> Score(string personId, Profile person, double threshold)
    {
        var candidates = new List<Candidate>();
        Span<ushort> codes = stackalloc ushort[layout.Loci.Count];
        var encoded = layout.TryEncode(person, codes);
        foreach (var entry in _cases.Values)
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

        return candidates;
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
