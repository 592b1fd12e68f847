using System.Security.Cryptography;
using System.Text;
using Matching.Grains.Storage;
using Matching.Kinship;
using Matching.Registry.Stores;

namespace Matching.Grains;

/// <summary>
/// One missing-person case: its references and revision come from PostgreSQL (the commit that changes a case raises
/// its revision); who holds which role, and a digest of their DNA, survive in grain state.
/// </summary>
public sealed class CaseGrain(
    [PersistentState("case", RegistryStorage.Name)] IPersistentState<CaseState> state,
    IProfileStore profiles) : Grain, ICaseGrain
{
    private CaseDefinition? _definition;

    public async Task<CaseDefinition> Refresh()
    {
        var caseId = this.GetPrimaryKeyString();
        var stored = (await profiles.CasesAsync([caseId])).SingleOrDefault();
        var references = stored?.References ?? [];
        var digest = Digest(references);
        if (digest != state.State.Digest)
        {
            state.State.References = [.. references.Select(r => new CaseMember { ProfileId = r.ProfileId, Role = RoleNames.Name(r.Role) })];
            state.State.Digest = digest;
            state.State.Revision = stored?.Revision ?? 0;
            state.State.UpdatedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
        }

        _definition = stored is null ? new CaseDefinition(caseId, 0, []) : Definition(stored);
        return _definition;
    }

    /// <summary>A committed case as searches and buckets take it.</summary>
    public static CaseDefinition Definition(StoredCase stored) => new(stored.Id, stored.Revision,
        [.. stored.References.Select(r => new CaseReferenceDna(r.ProfileId, RoleNames.Name(r.Role), Dna.Of(r.Profile)))]);

    public async Task<CaseDefinition> Get() => _definition ?? await Refresh();

    private static string Digest(List<CaseReference> references)
    {
        var text = new StringBuilder();
        foreach (var r in references)
        {
            text.Append(r.ProfileId).Append('|').Append(RoleNames.Name(r.Role)).Append('|').Append(r.Profile.Sex).Append('|')
                .Append(Registry.Stores.LociJson.Write(r.Profile.Loci)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
