using Matching.Kinship;

namespace Matching.Grains;

/// <summary>A missing-person case as a search needs it: its id, its revision and its typed relatives.</summary>
[GenerateSerializer, Alias("matching.case")]
public sealed record CaseDefinition(string CaseId, int Revision, List<CaseReferenceDna> References)
{
    /// <summary>The case as the kinship engine takes it, with <paramref name="candidate"/> as the missing person.</summary>
    public KinshipCase ToKinshipCase(Profile candidate) =>
        new(CaseId, [.. References.Select(r => new Reference(RoleNames.TryParse(r.Role, out var role) ? role : throw new InvalidOperationException($"case {CaseId}: unknown role {r.Role}"), r.Dna.ToProfile(), r.ProfileId))], candidate);
}
