namespace Matching.Kinship.Power;

/// <summary>The true child's log10 LR: its median and 5th percentile; null where the quantile falls on LR 0.</summary>
public sealed record Log10LrQuantiles(double? Median, double? P05);
