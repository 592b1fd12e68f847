namespace Matching.Kinship.Pedigree;

/// <summary>
/// The template pedigree a case's LR is computed on (kinship-contract.md, "Roles and the template pedigree"): the
/// missing person, the members the references' roles bring in, typed or not, and each half-sibling's and child's
/// own untyped other parent. Members with no typed descendant that the contract leaves out are left out here too.
/// </summary>
public static class CasePedigree
{
    public const string MissingPerson = "MP";
    public const string MissingPersonPlace = "missing person";

    public static IReadOnlyList<PedigreeMember> Of(IReadOnlyList<Reference> references, Sex missingPersonSex)
    {
        var members = new List<PedigreeMember>();
        var singular = references.Where(r => RoleNames.IsSingular(r.Role)).ToDictionary(r => r.Role, r => r.Label);
        bool Any(params Role[] roles) => references.Any(r => roles.Contains(r.Role));
        void Place(string id, Role role, string? father, string? mother) =>
            members.Add(new PedigreeMember(id, RoleNames.Name(role), RoleNames.SexOf(role), father, mother, singular.GetValueOrDefault(role)));

        var paternal = Any(Role.PaternalGrandfather, Role.PaternalGrandmother, Role.PaternalUncle, Role.PaternalAunt);
        var maternal = Any(Role.MaternalGrandfather, Role.MaternalGrandmother, Role.MaternalUncle, Role.MaternalAunt);
        var parents = references.Any(r => r.Role != Role.Child);
        if (paternal)
        {
            Place("PGF", Role.PaternalGrandfather, null, null);
            Place("PGM", Role.PaternalGrandmother, null, null);
        }

        if (maternal)
        {
            Place("MGF", Role.MaternalGrandfather, null, null);
            Place("MGM", Role.MaternalGrandmother, null, null);
        }

        if (parents)
        {
            Place("F", Role.Father, paternal ? "PGF" : null, paternal ? "PGM" : null);
            Place("Mo", Role.Mother, maternal ? "MGF" : null, maternal ? "MGM" : null);
        }

        members.Add(new PedigreeMember(MissingPerson, MissingPersonPlace, missingPersonSex, parents ? "F" : null, parents ? "Mo" : null, null));
        var n = 0;
        foreach (var reference in references.Where(r => !RoleNames.IsSingular(r.Role)))
        {
            var id = $"R{++n}";
            var sex = RoleNames.SexOf(reference.Role) is var bySex && bySex != Sex.Unknown ? bySex : reference.Profile.Sex;
            var (father, mother) = reference.Role switch
            {
                Role.FullSibling => ("F", "Mo"),
                Role.PaternalHalfSibling => ("F", Partner(members, id, "F", Sex.Female)),
                Role.MaternalHalfSibling => (Partner(members, id, "Mo", Sex.Male), "Mo"),
                Role.PaternalUncle or Role.PaternalAunt => ("PGF", "PGM"),
                Role.MaternalUncle or Role.MaternalAunt => ("MGF", "MGM"),
                Role.Child when missingPersonSex == Sex.Female => (Partner(members, id, MissingPerson, Sex.Male), MissingPerson),
                Role.Child => (MissingPerson, Partner(members, id, MissingPerson, missingPersonSex == Sex.Male ? Sex.Female : Sex.Unknown)),
                _ => throw new ArgumentOutOfRangeException(nameof(references), reference.Role, "not a role of the template"),
            };
            members.Add(new PedigreeMember(id, RoleNames.Name(reference.Role), sex, father, mother, reference.Label));
        }

        return members;
    }

    /// <summary>The untyped other parent of <paramref name="child"/> with <paramref name="of"/>; a founder of its own.</summary>
    private static string Partner(List<PedigreeMember> members, string child, string of, Sex sex)
    {
        var id = $"{child}-parent";
        var place = members.Single(m => m.Id == of).Place;
        members.Add(new PedigreeMember(id, $"partner of {place}", sex, null, null, null));
        return id;
    }
}
