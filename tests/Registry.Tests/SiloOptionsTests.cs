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
