namespace Matching.Registry.Tests;

/// <summary>The repository the tests were built from (README, examples, sources a test reads).</summary>
internal static class RepositoryFolder
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Matching.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("the repository (Matching.sln) was not found above " + AppContext.BaseDirectory);
    }
}
