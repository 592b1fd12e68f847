using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

public sealed class SiloOptionsTests
{
    [Fact]
    public void Defaults_work_on_a_fresh_machine_and_options_override_them()
    {
        var defaults = SiloOptions.Parse([], TextWriter.Null)!;
        Assert.Equal(("http://127.0.0.1:5080", ".matching", 1000.0, 12, MutationKind.Stepwise, 0.002),
            (defaults.Urls, defaults.DataFolder, defaults.ReportingThreshold, defaults.MinimumLoci, defaults.Mutation.Kind, defaults.Mutation.MaleRate));

        var given = SiloOptions.Parse(["--min-loci", "20", "--mutation", "equal:0.001", "--threshold", "1e4", "--in-memory"], TextWriter.Null)!;
        Assert.Equal((20, MutationKind.Equal, 0.001, 1e4, true),
            (given.MinimumLoci, given.Mutation.Kind, given.Mutation.FemaleRate, given.ReportingThreshold, given.InMemory));
    }

    [Theory]
    [InlineData("--threshold", "many", "--threshold many: not a number")]
    [InlineData("--mutation", "wobbly", "none, equal, proportional or stepwise")]
    [InlineData("--colour", "red", "unknown option --colour")]
    public void A_bad_option_is_named_with_the_reason(string option, string value, string reason)
    {
        var error = new StringWriter();
        Assert.Null(SiloOptions.Parse([option, value], error));
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_come_from_appsettings_json_the_environment_and_the_command_line_the_last_winning()
    {
        var folder = Directory.CreateTempSubdirectory("settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "appsettings.json"),
                """{"Matching": {"Threshold": 5000, "Buckets": 4, "MinLoci": 15, "NoPruning": true, "Mutation": "equal:0.004"}}""");
            var environment = new Dictionary<string, string?>
            {
                ["MATCHING__Buckets"] = "6",
                ["MATCHING__SEARCHESINFLIGHT"] = "3",
                ["MATCHING_CONNECTION_STRING"] = "Host=older",
                ["PATH"] = "/usr/bin",
            };
            var options = Silo.Configuration.SiloSettings.Load(["--buckets", "2", "--stream-poll-ms", "7"], environment, folder, TextWriter.Null)!;
            Assert.Equal((5000.0, 2, 15, false, MutationKind.Equal, 0.004, 3, 7.0, "Host=older"),
                (options.ReportingThreshold, options.Buckets, options.MinimumLoci, options.Pruning, options.Mutation.Kind, options.Mutation.MaleRate,
                 options.SearchesInFlight, options.StreamPoll.TotalMilliseconds, options.ConnectionString));

            environment["MATCHING__ConnectionString"] = "Host=newer";
            Assert.Equal("Host=newer", Silo.Configuration.SiloSettings.Load([], environment, folder, TextWriter.Null)!.ConnectionString);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("MATCHING__Colour", "red", "unknown setting Matching:Colour")]
    [InlineData("MATCHING__Buckets", "0", "--buckets 0: at least 1")]
    [InlineData("MATCHING__PriorRegistered", "1.5", "--prior-registered 1.5: in (0, 1]")]
    [InlineData("MATCHING__InMemory", "perhaps", "--in-memory perhaps: true or false")]
    [InlineData("MATCHING__AdvertiseIp", "pod", "--advertise-ip pod: not an IP address")]
    public void A_wrong_setting_from_the_environment_is_named_before_anything_starts(string variable, string value, string reason)
    {
        var error = new StringWriter();
        Assert.Null(Silo.Configuration.SiloSettings.Load([], new Dictionary<string, string?> { [variable] = value }, null, error));
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_built_in_code_are_checked_at_start_too()
    {
        var options = new SiloOptions { InMemory = true, Urls = "http://127.0.0.1:0", Theta = 1.5, AdminKeyFile = null };
        var refused = await Assert.ThrowsAsync<StartupException>(() => RegistryHost.StartAsync(options, TextWriter.Null));
        Assert.Contains("--theta 1.5: in [0, 1)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_minimum_of_typed_loci_is_the_silos_option()
    {
        var options = new SiloOptions
        {
            InMemory = true,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            MinimumLoci = 20,
            AdminKeyFile = null,
        };
        await using var host = await RegistryHost.StartAsync(options, TextWriter.Null);
        var loci = new Families(3).Person().Take(15).ToDictionary();
        var output = new StringWriter();
        var file = Path.Combine(Path.GetTempPath(), $"min-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, Families.Unknown("U-1", 'F', loci));
        try
        {
            var error = new StringWriter();
            Assert.Equal(Client.Commands.ImportCommand.SomeRejected,
                await Client.Commands.MatchingCommand.RunAsync(["import", file, "--server", host.Url, "--key", host.AdminKey!], output, error));
            Assert.Contains("15 loci of the frequency table typed; at least 20", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
