namespace Matching.Kinship;

/// <summary>
/// The prior of every founder slot of the template at one locus: genotype vectors for the
/// founders that head a sibship, and transmitted-allele vectors for the untyped partners of
/// half-siblings and children (each passes one allele to one child, so only that allele matters).
/// </summary>
internal sealed class FounderPriors(int maxGenotypes, int maxAlleles)
{
    public double[] Father { get; } = new double[maxGenotypes];

    public double[] Mother { get; } = new double[maxGenotypes];

    public double[] PaternalGrandfather { get; } = new double[maxGenotypes];

    public double[] PaternalGrandmother { get; } = new double[maxGenotypes];

    public double[] MaternalGrandfather { get; } = new double[maxGenotypes];

    public double[] MaternalGrandmother { get; } = new double[maxGenotypes];

    public double[] MissingPerson { get; } = new double[maxGenotypes];

    public List<double[]> PaternalHalfSiblingPartners { get; } = [];

    public List<double[]> MaternalHalfSiblingPartners { get; } = [];

    public List<double[]> ChildPartners { get; } = [];

    public int MaxAlleles { get; } = maxAlleles;

    /// <summary>
    /// Per genotype founder array, the one genotype it holds a prior for when it holds a point mass (a typed
    /// founder), else −1: the next typed founder clears that entry only, not the whole array.
    /// </summary>
    private readonly Dictionary<double[], int> _pointMass = new(ReferenceEqualityComparer.Instance);

    /// <summary>A typed founder's prior: its genotype's Hardy–Weinberg probability there, 0 elsewhere.</summary>
    public void PointMass(double[] prior, int genotypes, int typed, double probability)
    {
        if (_pointMass.TryGetValue(prior, out var held) && held >= 0)
        {
            prior[held] = 0;
        }
        else
        {
            Array.Clear(prior, 0, genotypes);
        }

        prior[typed] = probability;
        _pointMass[prior] = typed;
    }

    /// <summary>Forgets which arrays hold point masses: a caller about to write them whole (θ &gt; 0).</summary>
    public void WrittenWhole() => _pointMass.Clear();

    /// <summary>
    /// Which genotype founders hold exactly the Hardy–Weinberg prior (θ = 0, untyped), in the order F, Mo, PGF, PGM,
    /// MGF, MGM: their sums over genotypes reduce to sums over alleles.
    /// </summary>
    public bool[] HardyWeinberg { get; } = new bool[6];

    public static double[] Slot(List<double[]> slots, int index, int alleles)
    {
        while (slots.Count <= index)
        {
            slots.Add(new double[alleles]);
        }

        if (slots[index].Length < alleles)
        {
            slots[index] = new double[alleles];
        }

        return slots[index];
    }
}
