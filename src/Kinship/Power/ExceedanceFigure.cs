namespace Matching.Kinship.Power;

/// <summary>
/// P(LR ≥ threshold) for a candidate drawn as an unrelated person (H2) and as the true missing child (H1), each with
/// its standard error (0 where exact) and, where exact, the bracket the grid's rounding leaves.
/// </summary>
public sealed record ExceedanceFigure(
    double Threshold,
    double Unrelated,
    double UnrelatedStandardError,
    double TrueChild,
    double TrueChildStandardError,
    (double Low, double High) UnrelatedBracket,
    (double Low, double High) TrueChildBracket);
