using Matching.Registry.Access;
using Matching.Registry.Stores;

namespace Matching.Silo.Services;

/// <summary>Who may read an import's report and errors: its sender, and national administrators.</summary>
public static class ImportReaders
{
    public static bool May(Caller caller, ImportProgress import) => caller.SeesEveryProvince || import.RequestedBy == caller.Subject;
}
