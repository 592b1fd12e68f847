namespace Matching.Kinship.Power;

/// <summary>A case's power were one more relative in this role typed at every locus of the table, averaged over what that relative could carry.</summary>
public sealed record RelativePower(Role Role, CasePower Power);
