using Matching.Grains;
using Matching.Grains.Buckets;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Synthetic;

namespace Matching.Registry.Tests;

/// <summary>The identity check of a person bucket against a locus-by-locus comparison of every pair.</summary>
public sealed class IdentityTests
{
    private const int MinimumShared = 12;
    private static readonly string[] Kit = [.. SyntheticPopulation.Loci];

    [Fact]
    public void A_bucket_finds_exactly_the_persons_identical_wherever_both_are_typed()
    {
        var engine = new KinshipEngine(FrequencyTable.DefaultEastAsia(), MutationModel.RegistryDefault);
        var layout = new ScanLayout(engine.Frequencies, Kit);
        var defaults = new RegistryOptions();
        var anchors = new AnchorLoci(layout, AnchorLoci.Choose(layout), defaults.AnchorClasses, defaults.MutationWindow);
        var index = new PersonIndex(engine, layout, anchors);
        var population = new PackedPopulation(layout, Kit, seed: 21, untypedRate: 0.05);
        var random = new Random(22);
        var registered = new Dictionary<string, Profile>(StringComparer.Ordinal);
        void Register(string id, Profile profile)
        {
            registered[id] = profile;
            index.Upsert(id, 1, profile);
        }

        var codes = new ushort[layout.Loci.Count];
        for (var i = 0; i < 3000; i++)
        {
            population.Founder(codes);
            Register($"P-{i}", layout.Decode(codes, i % 2 == 0 ? Sex.Male : Sex.Female));
        }

        for (var i = 0; i < 40; i++)
        {
            var original = registered[$"P-{i}"];
            var loci = original.Loci.Keys.ToList();
            // The same person again: whole, with loci missing (anchors included), with one locus typed differently,
            // with too few loci left to say, typed beyond the scan loci, and with an allele the table lacks.
            Register($"SAME-{i}", original);
            Register($"PARTIAL-{i}", original with { Loci = original.Loci.Where(_ => random.NextDouble() > 0.3).ToDictionary() });
            var changed = loci[random.Next(loci.Count)];
            Register($"OTHER-{i}", original with { Loci = new Dictionary<string, Genotype>(original.Loci) { [changed] = Genotype.Of("1", "2") } });
            Register($"FEW-{i}", original with { Loci = original.Loci.Take(MinimumShared - 1).ToDictionary() });
            Register($"BEYOND-{i}", original with { Loci = new Dictionary<string, Genotype>(original.Loci) { ["SE33"] = Genotype.Of("18", "27.2") } });
            Register($"UNSEEN-{i}", original with { Loci = new Dictionary<string, Genotype>(original.Loci) { [loci[0]] = Genotype.Of("99", "99") } });
        }

        var flagged = 0;
        var subjects = registered.Where(r => !r.Key.StartsWith("P-", StringComparison.Ordinal) || random.Next(20) == 0).Select(r => (r.Key, r.Value)).ToList();
        // A batch's subjects are checked together, each block read once for all of them: the same answers as one at a time.
        var together = index.Identical(subjects, MinimumShared);
        for (var s = 0; s < subjects.Count; s++)
        {
            var (id, profile) = subjects[s];
            var expected = registered
                .Where(other => other.Key != id && Shared(profile, other.Value) >= MinimumShared)
                .Select(other => (other.Key, Shared(profile, other.Value)!.Value))
                .OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
            var found = index.Identical(id, profile, MinimumShared)
                .Select(m => (m.ProfileId, m.SharedLoci))
                .OrderBy(m => m.ProfileId, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, found);
            Assert.Equal(expected, together[s].Select(m => (m.ProfileId, m.SharedLoci)).OrderBy(m => m.ProfileId, StringComparer.Ordinal).ToList());
            flagged += found.Count;
        }

        // Every whole copy finds its original: the comparison above is not empty on both sides.
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains(index.Identical($"SAME-{i}", registered[$"SAME-{i}"], MinimumShared), m => m.ProfileId == $"P-{i}"));
        Assert.True(flagged > 200, $"only {flagged} identities found");
    }

    /// <summary>The expectation, written apart from the code under test: the loci both are typed at, or null if one differs.</summary>
    private static int? Shared(Profile one, Profile other)
    {
        var both = one.Loci.Keys.Where(other.Loci.ContainsKey).ToList();
        return both.All(locus => one.Loci[locus] == other.Loci[locus]) ? both.Count : null;
    }
}
