namespace Matching.Kinship.Tests;

/// <summary>Finds the project's shared/ folder (beside the repository) from the test's output folder.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "vectors")))
            {
                return System.IO.Path.Combine([candidate, .. parts]);
            }
        }

        throw new DirectoryNotFoundException("shared/vectors was not found above " + AppContext.BaseDirectory + "; the tests need the project's shared data beside the repository");
    }
}
