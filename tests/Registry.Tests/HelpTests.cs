using System.Text.RegularExpressions;
using Matching.Client.Commands;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>The README shows exactly what the commands' help says, and the silo's help names every option it reads.</summary>
public sealed partial class HelpTests
{
    private static string Readme() => File.ReadAllText(RepositoryFolder.Path("README.md")).ReplaceLineEndings("\n");

    [Fact]
    public void The_README_shows_the_commands_own_help()
    {
        var readme = Readme();
        Assert.Contains("```\n" + MatchingCommand.Help + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("```\n" + SiloOptions.Help.TrimEnd() + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("```\n" + Silo.Demo.DemoRun.Usage.TrimEnd() + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_the_silo_reads_is_in_its_help_and_every_option_of_its_help_is_read()
    {
        var source = File.ReadAllText(RepositoryFolder.Path("src", "Silo", "SiloOptions.cs"));
        var read = ReadOption().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        var shown = HelpOption().Matches(SiloOptions.Help).Select(m => m.Value).Where(o => o is not ("--help" or "--project")).ToHashSet(); // --project: of the dotnet run line
        Assert.True(read.Count > 20, $"only {read.Count} options found in SiloOptions.cs");
        Assert.Empty(read.Except(shown).Except(["--help"]));
        Assert.Empty(shown.Except(read));
    }

    [GeneratedRegex("case \"(--[a-z][a-z-]*)\"")]
    private static partial Regex ReadOption();

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex HelpOption();
}
