namespace Matching.Grains;

/// <summary>One registered profile (key: the registry's profile id): its record and history, read through PostgreSQL.</summary>
public interface IProfileGrain : IGrainWithStringKey
{
    Task<ProfileView?> Get();

    /// <summary>The profile changed in PostgreSQL (a correction): read it again next time.</summary>
    Task Changed();
}
