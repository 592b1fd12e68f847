namespace Matching.Kinship.Pedigree;

/// <summary>
/// One person of a case's template pedigree: its place (<paramref name="Place"/>: "missing person", a role's name, or
/// the untyped other parent of someone), sex, parents within the pedigree (null for a founder) and, when typed, the
/// reference's label.
/// </summary>
public sealed record PedigreeMember(string Id, string Place, Sex Sex, string? Father, string? Mother, string? Reference)
{
    public bool Typed => Reference is not null;

    public bool IsFounder => Father is null && Mother is null;
}
