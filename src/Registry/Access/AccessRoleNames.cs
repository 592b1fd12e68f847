namespace Matching.Registry.Access;

/// <summary>The roles as the API, the keys table, tokens and the command line spell them.</summary>
public static class AccessRoleNames
{
    public const string NationalAdmin = "national-admin";
    public const string ProvincialOffice = "provincial-office";
    public const string LabPipeline = "lab-pipeline";
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [NationalAdmin, ProvincialOffice, LabPipeline, Operator, Auditor];

    public static string Name(AccessRole role) => role switch
    {
        AccessRole.NationalAdmin => NationalAdmin,
        AccessRole.ProvincialOffice => ProvincialOffice,
        AccessRole.LabPipeline => LabPipeline,
        AccessRole.Operator => Operator,
        AccessRole.Auditor => Auditor,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out AccessRole role)
    {
        (var found, role) = text switch
        {
            NationalAdmin => (true, AccessRole.NationalAdmin),
            ProvincialOffice => (true, AccessRole.ProvincialOffice),
            LabPipeline => (true, AccessRole.LabPipeline),
            Operator => (true, AccessRole.Operator),
            Auditor => (true, AccessRole.Auditor),
            _ => (false, default),
        };
        return found;
    }

    /// <summary>Roles that act within provinces, and so need at least one.</summary>
    public static bool IsProvincial(AccessRole role) => role is AccessRole.ProvincialOffice or AccessRole.LabPipeline;
}
