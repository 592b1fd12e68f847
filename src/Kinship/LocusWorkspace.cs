namespace Matching.Kinship;

/// <summary>Per-thread buffers for one locus computation, so a case LR allocates little.</summary>
internal sealed class LocusWorkspace
{
    private double[] _vector = [];
    private FounderPriors _priors = new(0, 0);

    public TemplateLocus Pedigree { get; } = new();

    public TemplatePeeler Peeler { get; } = new();

    /// <summary>The allele indices a case shows at the locus, for lumping.</summary>
    public HashSet<int> Observed { get; } = [];

    public Span<double> Vector(int length)
    {
        if (_vector.Length < length)
        {
            _vector = new double[length];
        }

        return _vector.AsSpan(0, length);
    }

    public FounderPriors Priors(LocusModel model)
    {
        if (_priors.Father.Length < model.G || _priors.MaxAlleles < model.N)
        {
            _priors = new FounderPriors(Math.Max(model.G, _priors.Father.Length), Math.Max(model.N, _priors.MaxAlleles));
        }

        return _priors;
    }
}
