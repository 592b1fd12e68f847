namespace Matching.Kinship.Power;

/// <summary>How a case's power figures were reached.</summary>
public enum PowerMethod
{
    /// <summary>Convolution of the loci's LR distributions on a grid of ln LR: no standard error, a bracket from the grid.</summary>
    Exact,

    /// <summary>Seeded draws of the true child, the unrelated tail by importance sampling: each figure with its standard error.</summary>
    Simulation,
}
