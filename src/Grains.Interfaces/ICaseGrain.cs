namespace Matching.Grains;

/// <summary>One missing-person case (key: case id): which relatives it holds, in which roles.</summary>
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Reads the case's references from PostgreSQL, records a new revision if they changed, and returns it.</summary>
    Task<CaseDefinition> Refresh();

    Task<CaseDefinition> Get();
}
