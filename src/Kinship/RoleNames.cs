namespace Matching.Kinship;

/// <summary>The contract's spelling of each role, both ways.</summary>
public static class RoleNames
{
    private static readonly Dictionary<string, Role> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["father"] = Role.Father,
        ["mother"] = Role.Mother,
        ["full-sibling"] = Role.FullSibling,
        ["paternal-half-sibling"] = Role.PaternalHalfSibling,
        ["maternal-half-sibling"] = Role.MaternalHalfSibling,
        ["paternal-grandfather"] = Role.PaternalGrandfather,
        ["paternal-grandmother"] = Role.PaternalGrandmother,
        ["maternal-grandfather"] = Role.MaternalGrandfather,
        ["maternal-grandmother"] = Role.MaternalGrandmother,
        ["paternal-uncle"] = Role.PaternalUncle,
        ["paternal-aunt"] = Role.PaternalAunt,
        ["maternal-uncle"] = Role.MaternalUncle,
        ["maternal-aunt"] = Role.MaternalAunt,
        ["child"] = Role.Child,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string? name, out Role role) => ByName.TryGetValue(name?.Trim() ?? "", out role);

    public static string Name(Role role) => Names[(int)role];

    // By the role's number: a bulk import names the role of every reference it writes.
    private static readonly string[] Names = [.. ByName.OrderBy(kv => kv.Value).Select(kv => kv.Key)];

    /// <summary>Roles that a case may hold at most once: one person fills each of these places.</summary>
    public static bool IsSingular(Role role) => role is Role.Father or Role.Mother
        or Role.PaternalGrandfather or Role.PaternalGrandmother
        or Role.MaternalGrandfather or Role.MaternalGrandmother;

    /// <summary>The sex a role says (a father is a man, an aunt a woman); unknown for siblings and children.</summary>
    public static Sex SexOf(Role role) => role switch
    {
        Role.Father or Role.PaternalGrandfather or Role.MaternalGrandfather or Role.PaternalUncle or Role.MaternalUncle => Sex.Male,
        Role.Mother or Role.PaternalGrandmother or Role.MaternalGrandmother or Role.PaternalAunt or Role.MaternalAunt => Sex.Female,
        _ => Sex.Unknown,
    };
}
