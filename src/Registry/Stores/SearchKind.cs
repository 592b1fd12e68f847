namespace Matching.Registry.Stores;

/// <summary>A person of unknown parentage against every case, or a case against every such person.</summary>
public enum SearchKind
{
    Person,
    Case,
}
