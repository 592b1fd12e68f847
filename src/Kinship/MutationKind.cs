namespace Matching.Kinship;

/// <summary>The mutation models of domain.md, as Familias and pedmut define them.</summary>
public enum MutationKind
{
    None,
    Equal,
    Proportional,
    Stepwise,
}
