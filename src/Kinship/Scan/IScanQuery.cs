namespace Matching.Kinship.Scan;

/// <summary>One query's lookup tables, built once, scored against any number of packed blocks.</summary>
public interface IScanQuery
{
    int ActiveLoci { get; }

    /// <summary>Adds to <paramref name="hits"/> every member with exact LR ≥ threshold; returns how many were added.</summary>
    int Scan(PackedBlock block, double threshold, List<ScanHit> hits);
}
