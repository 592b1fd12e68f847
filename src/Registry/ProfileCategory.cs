namespace Matching.Registry;

/// <summary>Which side of the registry a profile is on: a relative of a missing child, or a person who may be one.</summary>
public enum ProfileCategory
{
    FamilyReference,
    UnknownParentage,
}
