using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>A record's loci, kept in order and read by binary search, answer as a dictionary of the same loci does.</summary>
public sealed class OrderedLociTests
{
    [Fact]
    public void Ordered_loci_answer_every_lookup_as_a_dictionary_does()
    {
        var people = new Families(31);
        var random = new Random(31);
        string[] absent = ["AAA", "ZZZ", "D3S", "TH01 ", "th01", "", "Penta E2"];
        for (var i = 0; i < 200; i++)
        {
            var loci = people.Person().Where(_ => random.Next(5) > 0).ToDictionary(StringComparer.Ordinal);
            var shuffled = loci.ToArray();
            random.Shuffle(shuffled);

            var ordered = new OrderedLoci(shuffled);

            Assert.Equal(loci.Count, ordered.Count);
            Assert.Equal(loci.Keys.Order(StringComparer.Ordinal), ordered.Keys);
            Assert.Equal(loci.OrderBy(l => l.Key, StringComparer.Ordinal), ordered);
            Assert.All(loci, l => Assert.Equal(l.Value, ordered[l.Key]));
            Assert.All(absent.Where(a => !loci.ContainsKey(a)), a =>
            {
                Assert.False(ordered.ContainsKey(a));
                Assert.False(ordered.TryGetValue(a, out _));
                Assert.Throws<KeyNotFoundException>(() => ordered[a]);
            });
        }
    }
}
