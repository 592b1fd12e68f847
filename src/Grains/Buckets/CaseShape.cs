namespace Matching.Grains.Buckets;

/// <summary>How a case bucket packs a case: by its typed parents, or tabulated (every other shape).</summary>
internal enum CaseShape
{
    FatherOnly,
    MotherOnly,
    BothParents,
}
