namespace Matching.Registry.Stores;

/// <summary>A search the registry owes, as committed with the profiles that caused it.</summary>
public sealed record SearchRequest(long Id, SearchKind Kind, string SubjectId)
{
    public static string KindName(SearchKind kind) => kind == SearchKind.Person ? "person" : "case";

    public static SearchKind ParseKind(string name) => name == "person" ? SearchKind.Person : SearchKind.Case;
}
