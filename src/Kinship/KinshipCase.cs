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

        Span<bool> held = stackalloc bool[Enum.GetValues<Role>().Length];
        foreach (var reference in References)
        {
            if (RoleNames.IsSingular(reference.Role) && held[(int)reference.Role])
            {
                return $"case {Id}, {reference.Label}: a second {RoleNames.Name(reference.Role)}; the role is held once per case";
            }

            held[(int)reference.Role] = true;
        }

        return null;
    }
}
