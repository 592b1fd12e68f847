namespace Matching.Silo.Services;

/// <summary>A case and a person as a review or a report names them, with the provinces of each side (null where the side is unknown).</summary>
public sealed record CandidatePair(string CaseId, string ProfileId, string? CaseProvince, string? PersonProvince)
{
    public bool Exists => CaseProvince is not null && PersonProvince is not null;

    /// <summary>A pair is seen by the provinces of its case and of its person, as a match is.</summary>
    public bool SeenBy(Registry.Access.Caller caller) => caller.SeesEveryProvince
        || (CaseProvince is not null && caller.Sees(CaseProvince)) || (PersonProvince is not null && caller.Sees(PersonProvince));
}
