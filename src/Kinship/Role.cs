namespace Matching.Kinship;

/// <summary>A reference's place in the case template pedigree (kinship-contract.md).</summary>
public enum Role
{
    Father,
    Mother,
    FullSibling,
    PaternalHalfSibling,
    MaternalHalfSibling,
    PaternalGrandfather,
    PaternalGrandmother,
    MaternalGrandfather,
    MaternalGrandmother,
    PaternalUncle,
    PaternalAunt,
    MaternalUncle,
    MaternalAunt,
    Child,
}
