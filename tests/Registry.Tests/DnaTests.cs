using Matching.Grains;
using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>A profile sent to the buckets as <see cref="Dna"/> reads back as the profile it came from.</summary>
public sealed class DnaTests
{
    [Fact]
    public void A_profile_through_dna_has_the_same_genotypes_and_nothing_at_an_untyped_locus()
    {
        var people = new Families(21);
        for (var i = 0; i < 50; i++)
        {
            var loci = people.Person();
            loci.Remove("TH01");
            var sex = i % 2 == 0 ? Sex.Male : Sex.Female;

            var back = Dna.Of(new Profile(sex, loci)).ToProfile();

            Assert.Equal(sex, back.Sex);
            Assert.Equal(loci.Count, back.Loci.Count);
            Assert.Equal(loci.OrderBy(l => l.Key, StringComparer.Ordinal), back.Loci.OrderBy(l => l.Key, StringComparer.Ordinal));
            Assert.Equal(loci.Values.Select(g => g.ToString()).Order(), back.Loci.Values.Select(g => g.ToString()).Order());
            Assert.All(loci, l => Assert.Equal(l.Value, back[l.Key]));
            Assert.Null(back["TH01"]);
            Assert.False(back.Loci.ContainsKey("TH01"));
            Assert.Throws<KeyNotFoundException>(() => back.Loci["TH01"]);
        }
    }

    [Fact]
    public void A_registered_record_and_its_profile_give_the_same_dna_and_the_api_shows_each_locus_with_its_alleles()
    {
        var people = new Families(22);
        for (var i = 0; i < 50; i++)
        {
            var loci = people.Person();
            loci["TH01"] = Genotype.Of("9.3", "9.3");
            var record = new ProfileRecord($"P-{i}", ProfileCategory.UnknownParentage, null, null, "Henan", Sex.Female, loci);

            var fromRecord = Dna.OfSorted(record.Sex, record.SortedLoci);
            var fromProfile = Dna.Of(record.ToProfile());

            Assert.Equal(fromProfile.Loci, fromRecord.Loci);
            Assert.Equal(fromProfile.Alleles, fromRecord.Alleles);
            Assert.Equal(loci.Keys.Order(StringComparer.Ordinal), fromRecord.Loci);
            var shown = fromRecord.ByLocus();
            Assert.Equal(loci.Count, shown.Count);
            Assert.All(loci, l => Assert.Equal([l.Value.First, l.Value.Second], shown[l.Key]));
            Assert.Equal(["9.3", "9.3"], shown["TH01"]);
        }
    }
}
