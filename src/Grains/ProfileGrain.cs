using Matching.Registry;
using Matching.Registry.Stores;

namespace Matching.Grains;

/// <summary>One registered profile, read through from PostgreSQL and kept while it is being looked at.</summary>
public sealed class ProfileGrain(IProfileStore profiles) : Grain, IProfileGrain
{
    private ProfileView? _view;
    private bool _loaded;

    public async Task<ProfileView?> Get()
    {
        if (!_loaded)
        {
            var stored = await profiles.FindAsync(this.GetPrimaryKeyString());
            _view = stored is null ? null : new ProfileView(
                stored.Record.Id,
                ProfileCategoryNames.Name(stored.Record.Category),
                stored.Record.CaseId,
                stored.Record.Role is { } role ? Kinship.RoleNames.Name(role) : null,
                stored.Record.Province,
                Dna.OfSorted(stored.Record.Sex, stored.Record.SortedLoci),
                stored.Version,
                stored.RegisteredAt,
                stored.UpdatedAt);
            // Absence is not kept: a profile asked for before its registration is found once it is registered.
            _loaded = _view is not null;
        }

        return _view;
    }

    public Task Changed()
    {
        _loaded = false;
        _view = null;
        return Task.CompletedTask;
    }
}
