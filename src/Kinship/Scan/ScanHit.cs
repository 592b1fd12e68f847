namespace Matching.Kinship.Scan;

/// <summary>A member of a packed block whose exact LR reached the threshold.</summary>
public readonly record struct ScanHit(int Member, double Lr);
