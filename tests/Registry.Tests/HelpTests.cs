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
    public void Every_setting_the_silo_reads_is_in_its_help_with_the_default_its_options_hold()
    {
        var shown = HelpOption().Matches(SiloOptions.Help).Select(m => m.Value).Where(o => o is not ("--help" or "--project")).ToHashSet(); // --project: of the dotnet run line
        var read = Silo.Configuration.SiloSettings.All.Select(s => s.Switch).ToHashSet();
        Assert.True(read.Count > 30, $"only {read.Count} settings defined");
        Assert.Equal(read.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));

        // The defaults the help states are the options' own, read here from a fresh instance rather than from the help's code.
        var defaults = new SiloOptions();
        var help = SiloOptions.Help.ReplaceLineEndings(" ");
        Assert.Matches($@"--buckets N\s+buckets per side \(default {defaults.Buckets}\)", help);
        Assert.Matches($@"--threshold LR\s+report matches from this LR up \(default {defaults.ReportingThreshold}\)", help);
        Assert.Contains($"(default {defaults.SearchesInFlight})", help, StringComparison.Ordinal);
        Assert.Contains($"(default {defaults.BodyLimit / (1024 * 1024)})", help, StringComparison.Ordinal);
    }

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex HelpOption();
}
