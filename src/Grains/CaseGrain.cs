using System.Security.Cryptography;
using System.Text;
using Matching.Grains.Storage;
using Matching.Kinship;
using Matching.Registry.Stores;

namespace Matching.Grains;

/// <summary>One missing-person case: its references come from PostgreSQL; its revision survives in grain state.</summary>
public sealed class CaseGrain(
    [PersistentState("case", RegistryStorage.Name)] IPersistentState<CaseState> state,
    IProfileStore profiles) : Grain, ICaseGrain
{
    private CaseDefinition? _definition;

    public async Task<CaseDefinition> Refresh()
    {
        var caseId = this.GetPrimaryKeyString();
        var references = await profiles.ReferencesOfCaseAsync(caseId);
        var digest = Digest(references);
        if (digest != state.State.Digest)
        {
            state.State.References = [.. references.Select(r => new CaseMember { ProfileId = r.ProfileId, Role = RoleNames.Name(r.Role) })];
            state.State.Digest = digest;
            state.State.Revision++;
            state.State.UpdatedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
        }

        _definition = new CaseDefinition(caseId, state.State.Revision,
            [.. references.Select(r => new CaseReferenceDna(r.ProfileId, RoleNames.Name(r.Role), Dna.Of(r.Profile)))]);
        return _definition;
    }

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
