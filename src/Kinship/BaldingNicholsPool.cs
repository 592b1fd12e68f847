namespace Matching.Kinship;

/// <summary>
/// The subpopulation urn: after n draws, the (k+1)-th copy of allele a has probability
/// (kθ + (1−θ)pₐ) / (1 + (n−1)θ). Draws are exchangeable, so only the counts matter.
/// </summary>
internal sealed class BaldingNicholsPool(double[] p, double theta)
{
    private readonly int[] _counts = new int[p.Length];
    private int _drawn;

    public double Probability(int allele) => ((_counts[allele] * theta) + ((1 - theta) * p[allele])) / (1 + ((_drawn - 1) * theta));

    public void Add(int allele)
    {
        _counts[allele]++;
        _drawn++;
    }

    public void Remove(int allele)
    {
        _counts[allele]--;
        _drawn--;
    }

    /// <summary>P(the next two draws form genotype {i, j}) without keeping them.</summary>
    public double GenotypeProbability(int i, int j)
    {
        var first = Probability(i);
        Add(i);
        var second = Probability(j);
        Remove(i);
        return i == j ? first * second : 2 * first * second;
    }

    /// <summary>Draws genotype {i, j} and keeps it; returns its probability.</summary>
    public double DrawGenotype(int i, int j)
    {
        var probability = GenotypeProbability(i, j);
        Add(i);
        Add(j);
        return probability;
    }
}
