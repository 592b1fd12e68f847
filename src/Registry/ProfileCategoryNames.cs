namespace Matching.Registry;

/// <summary>The registration format's spelling of each category, both ways.</summary>
public static class ProfileCategoryNames
{
    public const string FamilyReference = "family-reference";
    public const string UnknownParentage = "unknown-parentage";

    public static string Name(ProfileCategory category) =>
        category == ProfileCategory.FamilyReference ? FamilyReference : UnknownParentage;

    public static bool TryParse(string? name, out ProfileCategory category)
    {
        switch (name?.Trim())
        {
            case FamilyReference: category = ProfileCategory.FamilyReference; return true;
            case UnknownParentage: category = ProfileCategory.UnknownParentage; return true;
            default: category = default; return false;
        }
    }
}
