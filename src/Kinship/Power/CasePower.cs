namespace Matching.Kinship.Power;

/// <summary>What a case's references can show: exceedance at each threshold and the true child's log10 LR quantiles, and how they were reached.</summary>
public sealed record CasePower(IReadOnlyList<ExceedanceFigure> Power, Log10LrQuantiles TrueChildLog10Lr, PowerMethod Method = PowerMethod.Exact);
