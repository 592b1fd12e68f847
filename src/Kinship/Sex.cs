namespace Matching.Kinship;

/// <summary>The sex of a person; it sets the mutation rate of the meioses that person transmits.</summary>
public enum Sex
{
    Male,
    Female,
}
