namespace Matching.Kinship;

/// <summary>A missing person's case with its references, and the candidate asked about.</summary>
public sealed record KinshipCase(string Id, IReadOnlyList<Reference> References, Profile Candidate)
{
    /// <summary>The first structural problem, naming case and person, or null.</summary>
    public string? Problem()
    {
        if (References.Count == 0)
        {
            return $"case {Id}: no references";
        }

        foreach (var group in References.GroupBy(r => r.Role).Where(g => RoleNames.IsSingular(g.Key) && g.Count() > 1))
        {
            var second = group.Skip(1).First();
            return $"case {Id}, {second.Label}: a second {RoleNames.Name(group.Key)}; the role is held once per case";
        }

        return null;
    }
}
