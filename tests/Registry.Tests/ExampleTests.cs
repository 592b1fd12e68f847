using Matching.Kinship;
using Matching.Registry.Formats;

namespace Matching.Registry.Tests;

/// <summary>What a new user tries first: the README's example line and the shipped examples register as they are.</summary>
public sealed class ExampleTests
{
    private static readonly FrequencyTable Default = FrequencyTable.DefaultEastAsia();

    [Fact]
    public async Task The_READMEs_example_line_registers_under_the_default_rules()
    {
        var readme = (await File.ReadAllTextAsync(RepositoryFolder.Path("README.md"))).ReplaceLineEndings("\n");
        var start = readme.IndexOf("A registration line", StringComparison.Ordinal);
        var block = readme.IndexOf("```json\n", start, StringComparison.Ordinal) + "```json\n".Length;
        var line = readme[block..readme.IndexOf('\n', block)];

        var batch = await new RegistrationReader(Default).ReadAsync(new StringReader(line), "README");
        Assert.Empty(batch.Errors);
        Assert.Equal(Sex.Female, Assert.Single(batch.Records).Sex); // left out, given by the role
    }

    [Fact]
    public async Task The_example_trio_registers_and_its_child_matches_its_parents()
    {
        var batch = await new RegistrationReader(Default).ReadAsync(new StreamReader(RepositoryFolder.Path("examples", "trio.jsonl")), "trio.jsonl");
        Assert.Empty(batch.Errors);
        Assert.Empty(batch.Warnings);
        Assert.Equal(3, batch.Records.Count);
        var references = batch.Records.Where(r => r.CaseId is not null).Select(r => new Reference(r.Role!.Value, r.ToProfile(), r.Id)).ToList();
        var child = batch.Records.Single(r => r.CaseId is null);
        var engine = new KinshipEngine(Default, MutationModel.RegistryDefault);
        var lr = engine.Evaluate(new KinshipCase("EX-CASE-1", references, child.ToProfile())).Lr!.Value;
        Assert.True(lr > 1e6, $"the example's child has LR {lr} against its parents");
    }

    [Fact]
    public async Task The_example_manifest_names_every_NIST_sample()
    {
        var manifestPath = RepositoryFolder.Path("examples", "nist1036-manifest.csv");
        using var manifestText = new StreamReader(manifestPath);
        var manifest = await SampleManifest.ReadAsync(manifestText, "nist1036-manifest.csv");
        var collector = new BatchCollector(new ProfileRules(Default));
        using var table = new StreamReader(Kinship.Tests.SharedData.Path("data", "genotypes", "nist1036-genotypes.csv"));
        await GeneMapperReader.ReadAsync(table, "nist1036-genotypes.csv", manifest, collector);
        var batch = collector.Build();
        Assert.Empty(batch.Errors);
        Assert.Equal(1036, batch.Records.Count);
        Assert.All(batch.Records, r => Assert.Equal(Sex.Unknown, r.Sex));
        // The NIST loci the table lacks are warned of, once each.
        Assert.InRange(batch.Warnings.Count(w => w.Contains("is not in the frequency table; it is stored", StringComparison.Ordinal)), 1, 10);
    }
}
