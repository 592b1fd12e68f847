using System.Text.RegularExpressions;
using Matching.Client.Commands;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>Every command answers --help, and the README shows exactly what the commands' help says.</summary>
public sealed partial class HelpTests
{
    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Matching.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository (Matching.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string Readme() => File.ReadAllText(Path.Combine(Repository(), "README.md")).ReplaceLineEndings("\n");

    [Theory]
    [InlineData("import")]
    [InlineData("matches")]
    [InlineData("research")]
    [InlineData("kinship")]
    [InlineData("demo")]
    [InlineData("bench")]
    public async Task Every_subcommand_answers_help_with_its_usage(string verb)
    {
        foreach (var ask in new[] { "--help", "-h" })
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await MatchingCommand.RunAsync([verb, ask], output, error));
            Assert.StartsWith($"usage: matching {verb}", output.ToString(), StringComparison.Ordinal);
            Assert.Empty(error.ToString());
            Assert.Contains(output.ToString().Trim(), MatchingCommand.Help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_README_shows_the_commands_own_help()
    {
        var readme = Readme();
        Assert.Contains("```\n" + MatchingCommand.Help + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("```\n" + SiloOptions.Help.TrimEnd() + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_option_the_silo_reads_is_in_its_help_and_every_option_of_its_help_is_read()
    {
        var source = File.ReadAllText(Path.Combine(Repository(), "src", "Silo", "SiloOptions.cs"));
        var read = ReadOption().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        var shown = HelpOption().Matches(SiloOptions.Help).Select(m => m.Value).Where(o => o is not ("--help" or "--project")).ToHashSet(); // --project: of the dotnet run line
        Assert.True(read.Count > 20, $"only {read.Count} options found in SiloOptions.cs");
        Assert.Empty(read.Except(shown).Except(["--help"]));
        Assert.Empty(shown.Except(read));
    }

    [Fact]
    public async Task An_option_a_usage_does_not_name_is_refused_naming_it()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(MatchingCommand.Usage, await MatchingCommand.RunAsync(["matches", "--all", "--batch", "2"], output, error));
        Assert.Contains("unknown option --batch", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("case \"(--[a-z][a-z-]*)\"")]
    private static partial Regex ReadOption();

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex HelpOption();
}
