namespace Matching.Kinship;

/// <summary>The allele frequencies of one locus, normalised to sum 1.</summary>
public sealed class LocusFrequencies
{
    private readonly Dictionary<string, int> _index;

    // Every allele of every imported record is looked up, twice (its warning, its bucket's code): a common label by
    // its number, not by hashing it.
    private readonly int[] _byCommonCode = [.. Enumerable.Repeat(-1, AlleleLabel.CommonCodes)];

    public LocusFrequencies(string locus, IReadOnlyList<string> alleles, IReadOnlyList<double> frequencies, int? allelesCounted = null)
    {
        if (alleles.Count != frequencies.Count)
        {
            throw new ArgumentException($"locus {locus}: {alleles.Count} alleles but {frequencies.Count} frequencies");
        }

        Locus = locus;
        var total = 0.0;
        for (var i = 0; i < frequencies.Count; i++)
        {
            var f = frequencies[i];
            if (!double.IsFinite(f) || f <= 0)
            {
                throw new FrequencyTableException($"locus {locus}, allele {alleles[i]}: frequency {f} is not a positive number");
            }

            total += f;
        }

        if (alleles.Count == 0 || !(total > 0))
        {
            throw new FrequencyTableException($"locus {locus}: frequencies sum to 0");
        }

        Alleles = alleles.Select(AlleleLabel.Normalize).ToArray();
        Frequencies = frequencies.Select(f => f / total).ToArray();
        AllelesCounted = allelesCounted;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Alleles.Count; i++)
        {
            if (!_index.TryAdd(Alleles[i], i))
            {
                throw new FrequencyTableException($"locus {locus}: allele {Alleles[i]} is listed twice");
            }

            if (AlleleLabel.CommonCode(Alleles[i]) is >= 0 and var code)
            {
                _byCommonCode[code] = i;
            }
        }
    }

    public string Locus { get; }

    public IReadOnlyList<string> Alleles { get; }

    public IReadOnlyList<double> Frequencies { get; }

    /// <summary>2N: the number of alleles the study counted, when the table says.</summary>
    public int? AllelesCounted { get; }

    /// <summary>The frequency given to an allele the table has not seen: 5/(2N) (NRC II), else the smallest listed.</summary>
    public double MinimumFrequency => AllelesCounted is > 0 and var counted ? 5.0 / counted : Frequencies.Min();

    /// <summary>An allele drawn at random by its frequency, for synthetic populations.</summary>
    public string Draw(Random random)
    {
        var u = random.NextDouble();
        for (var i = 0; i < Alleles.Count; i++)
        {
            u -= Frequencies[i];
            if (u <= 0)
            {
                return Alleles[i];
            }
        }

        return Alleles[^1];
    }

    public int IndexOf(string normalizedAllele) =>
        AlleleLabel.CommonCode(normalizedAllele) is >= 0 and var code ? _byCommonCode[code] : _index.GetValueOrDefault(normalizedAllele, -1);

    /// <summary>This locus with unseen alleles added at the minimum frequency, then renormalised.</summary>
    public LocusFrequencies WithUnseen(IEnumerable<string> unseen)
    {
        var extra = unseen.Where(a => IndexOf(a) < 0).Distinct().ToList();
        if (extra.Count == 0)
        {
            return this;
        }

        var min = MinimumFrequency;
        return new LocusFrequencies(
            Locus,
            Alleles.Concat(extra).ToArray(),
            Frequencies.Concat(extra.Select(_ => min)).ToArray(),
            AllelesCounted);
    }
}
