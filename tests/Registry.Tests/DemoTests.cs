using System.Text.RegularExpressions;
using Matching.Silo.Demo;

namespace Matching.Registry.Tests;

/// <summary>The silo's demo on the embedded default: its own PostgreSQL under a fresh data folder, as a new user would run it.</summary>
public sealed partial class DemoTests
{
    [Fact]
    public async Task The_demo_finds_its_planted_children()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-demo-{Guid.NewGuid():N}");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await DemoRun.RunAsync(["--cases", "24", "--persons", "60", "--seed", "7", "--data", folder], output, error);

            Assert.True(exit == 0, error.ToString());
            var summary = Found().Match(output.ToString());
            Assert.True(summary.Success, output.ToString());
            var (found, planted) = (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value));
            Assert.True(planted >= 12, $"only {planted} children planted");
            // Parents, siblings and mother+sibling find their child; a grandparent pair can fall short of LR 1,000.
            Assert.True(found >= planted * 3 / 4, output.ToString());
            // The cluster under the data folder, or (as root, where postgres cannot reach it) a note of where it is.
            Assert.True(File.Exists(Path.Combine(folder, "postgres", "password")) || File.Exists(Path.Combine(folder, "postgres.location")),
                "the demo ran on the embedded PostgreSQL");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"demo: (\d+) of (\d+) planted children found at rank 1")]
    private static partial Regex Found();
}
