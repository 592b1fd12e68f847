using Matching.Grains;
using Matching.Kinship;

namespace Matching.Silo.Services;

/// <summary>A case as the evidence services read it: its references now, and the case with a candidate yet unknown.</summary>
internal static class CaseReading
{
    /// <summary>The case's definition; read from PostgreSQL where this activation has not read it yet.</summary>
    public static async Task<CaseDefinition> CurrentAsync(this IGrainFactory grains, string caseId)
    {
        var grain = grains.GetGrain<ICaseGrain>(caseId);
        var definition = await grain.Get();
        return definition.References.Count > 0 ? definition : await grain.Refresh();
    }

    /// <summary>The case with the missing person in the candidate's place: typed nowhere, of either sex with probability ½.</summary>
    public static KinshipCase WithUnknownCandidate(this CaseDefinition definition) =>
        definition.ToKinshipCase(new Profile(Sex.Unknown, new Dictionary<string, Genotype>()));
}
