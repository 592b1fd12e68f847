namespace Matching.Kinship;

/// <summary>
/// The sex of a person; it sets the mutation rate of the meioses that person transmits. A person of unknown sex (a
/// sibling or a child registered without Amelogenin, say) is either, with equal probability.
/// </summary>
public enum Sex
{
    Male,
    Female,
    Unknown,
}
