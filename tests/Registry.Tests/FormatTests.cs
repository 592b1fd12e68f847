using System.Text;
using Matching.Kinship;
using Matching.Registry.Formats;

namespace Matching.Registry.Tests;

/// <summary>Lab formats: GeneMapper tables with their manifest, and CODIS CMF XML, under the registry's rules.</summary>
public sealed class FormatTests
{
    private static readonly string Nist = Kinship.Tests.SharedData.Path("data", "genotypes", "nist1036-genotypes.csv");

    private static BatchCollector Collector() => new(new ProfileRules(Families.Table));

    private static async Task<SampleManifest> Manifest(string csv) =>
        await SampleManifest.ReadAsync(new StringReader(csv), "manifest.csv");

    [Fact]
    public async Task The_NIST_table_of_1036_real_people_reads_into_1036_profiles()
    {
        var lines = await File.ReadAllLinesAsync(Nist);
        var samples = lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        var manifest = await Manifest("sampleName,id,category,caseId,role,province,sex\n" +
            string.Join('\n', samples.Select((s, i) => $"{s},NIST-{s},unknown-parentage,,,Maryland,{(i % 2 == 0 ? "M" : "F")}")));
        var batch = Collector();

        using var table = new StreamReader(Nist);
        await GeneMapperReader.ReadAsync(table, "nist1036-genotypes.csv", manifest, batch);
        var result = batch.Build();

        Assert.Empty(result.Errors);
        Assert.Equal(1036, result.Records.Count);
        var first = result.Records[0];
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[0] == samples[0]).ToList();
        Assert.Equal($"NIST-{samples[0]}", first.Id);
        Assert.Equal(rows.Count, first.Loci.Count);
        var vwa = rows.Single(r => r[2] == "vWA");
        Assert.Equal(Genotype.Of(vwa[3], vwa[4]), first.Loci["vWA"]);
    }

    [Fact]
    public async Task A_tab_separated_table_with_extra_columns_homozygotes_written_once_and_no_manifest_row()
    {
        var loci = SyntheticLoci();
        var table = new StringBuilder("Sample File\tSample Name\tPanel\tMarker\tAllele 1\tAllele 2\tAllele 3\n");
        foreach (var sample in new[] { "S1", "S2" })
        {
            foreach (var (locus, i) in loci.Select((l, i) => (l, i)))
            {
                var alleles = i == 0 ? "12\t\t" : i == 1 ? "OL\t9\t" : $"{10 + (i % 5)}\t{11 + (i % 5)}\t";
                table.Append($"run.fsa\t{sample}\tIdentifiler\t{locus}\t{alleles}\n");
            }

            table.Append($"run.fsa\t{sample}\tIdentifiler\tAMEL\tX\tY\t\n");
        }

        var manifest = await Manifest("id,sampleName,category,caseId,role,province,sex\nR-1,S1,family-reference,C-1,father,Henan,\n");
        var batch = Collector();
        await GeneMapperReader.ReadAsync(new StringReader(table.ToString()), "plate7.txt", manifest, batch);
        var result = batch.Build();

        var record = Assert.Single(result.Records);
        Assert.Equal(("R-1", Role.Father, Sex.Male), (record.Id, record.Role, record.Sex));
        Assert.Equal(Genotype.Of("12", "12"), record.Loci[loci[0]]);
        Assert.Equal(Genotype.Of("OL", "9"), record.Loci[loci[1]]);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("S2", "sampleName"), (error.Record, error.Field));
        Assert.StartsWith("plate7.txt lines ", error.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CMF_file_maps_categories_to_sides_and_roles_and_reports_what_it_cannot_register()
    {
        var xml = Cmf(
            ("M-1", "Biological Mother", "CASE-9", null),
            ("U-1", "Unidentified Person", null, "X,Y"),
            ("U-2", "Unidentified Person", null, null),
            ("MP-1", "Missing Person", "CASE-9", null),
            ("Q-1", "Suspect", null, null));
        var batch = Collector();

        await CmfReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "lab.xml", batch);
        var result = batch.Build();

        Assert.Equal(["M-1", "U-1", "U-2"], result.Records.Select(r => r.Id));
        Assert.Equal(Sex.Unknown, result.Records[2].Sex); // CMF has no sex field: without Amelogenin it is unknown
        var mother = result.Records[0];
        Assert.Equal((ProfileCategory.FamilyReference, "CASE-9", Role.Mother, Sex.Female, "GDPFSC"), (mother.Category, mother.CaseId, mother.Role, mother.Sex, mother.Province));
        var unknown = result.Records[1];
        Assert.Equal((ProfileCategory.UnknownParentage, (string?)null, Sex.Male), (unknown.Category, unknown.CaseId, unknown.Sex));
        Assert.Equal(SyntheticLoci().Length, unknown.Loci.Count);
        Assert.Collection(result.Errors,
            e => Assert.Equal(("MP-1", "SPECIMENCATEGORY"), (e.Record, e.Field)),
            e => Assert.Equal(("Q-1", "SPECIMENCATEGORY"), (e.Record, e.Field)));
    }

    [Fact]
    public async Task Ten_thousand_malformed_inputs_of_each_format_give_errors_never_exceptions()
    {
        var random = new Random(404);
        var json = Families.Unknown("P-1", 'M', new Families(1).Person());
        var cmf = Cmf(("M-1", "Biological Mother", "CASE-9", null));
        var genemapper = "Sample Name,Marker,Allele 1,Allele 2\n" + string.Join('\n', SyntheticLoci().Select(l => $"S1,{l},11,12"));
        var manifest = await Manifest("sampleName,id,category,caseId,role,province,sex\nS1,R-1,family-reference,C-1,mother,Henan,F\n");
        for (var i = 0; i < 10_000; i++)
        {
            var reader = new RegistrationReader(Families.Table);
            var mangled = Mangle(json, random);
            var batch = await reader.ReadAsync(new StringReader(mangled), "fuzz.jsonl");
            Assert.All(batch.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
            await foreach (var uploaded in reader.ReadBatchesAsync(new MemoryStream(Encoding.UTF8.GetBytes(mangled)), "fuzz.jsonl", 1000))
            {
                Assert.Equal(batch.Errors, uploaded.Errors); // an upload is read as its text is
            }

            var cmfBatch = Collector();
            await CmfReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Mangle(cmf, random))), "fuzz.xml", cmfBatch);
            Assert.All(cmfBatch.Build().Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));

            var tableBatch = Collector();
            await GeneMapperReader.ReadAsync(new StringReader(Mangle(genemapper, random)), "fuzz.csv", manifest, tableBatch);
            Assert.All(tableBatch.Build().Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        }
    }

    /// <summary>A few random cuts, repeats, deletions and substitutions of characters.</summary>
    private static string Mangle(string text, Random random)
    {
        var chars = new StringBuilder(text);
        var edits = 1 + random.Next(6);
        for (var e = 0; e < edits && chars.Length > 0; e++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(5))
            {
                case 0: chars.Remove(at, Math.Min(1 + random.Next(20), chars.Length - at)); break;
                case 1: chars.Insert(at, "\"<>,\t{}[]:\n&;x9.-"[random.Next(17)]); break;
                case 2: chars[at] = (char)random.Next(32, 127); break;
                case 3: chars.Insert(at, chars.ToString(at, Math.Min(30, chars.Length - at))); break;
                default: chars.Length = at; break;
            }
        }

        return chars.ToString();
    }

    private static string[] SyntheticLoci() => LabFiles.SyntheticLoci();

    private static string Cmf(params (string Id, string Category, string? Case, string? Amelogenin)[] specimens) => LabFiles.Cmf(specimens);
}
