namespace Matching.Kinship;

/// <summary>The LR contributed by one locus.</summary>
public sealed record LocusLr(string Locus, double Lr);
