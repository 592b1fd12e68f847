using Matching.Registry.Access;

namespace Matching.Silo.Pages.Shared;

/// <summary>Where the pages send a caller: each role's first page, and only ever back to this site.</summary>
public static class PageLinks
{
    public static string HomeOf(AccessRole role) => role switch
    {
        AccessRole.Operator => "/operations",
        AccessRole.Auditor => "/audit",
        AccessRole.LabPipeline => "/imports",
        _ => "/",
    };

    /// <summary>A path of this site ("/x"), never another site ("//x", "/\x", "http:…"): an open redirect otherwise.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string Case(string caseId) => $"/cases/{Uri.EscapeDataString(caseId)}";

    public static string Report(string caseId, string profileId) => $"/cases/{Uri.EscapeDataString(caseId)}/candidates/{Uri.EscapeDataString(profileId)}";
}
