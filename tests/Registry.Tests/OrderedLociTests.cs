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
            // Canonical strings sort by their rank; an equal copy of one, or a name we do not list, by its characters.
            var shuffled = loci.Select((l, n) => i % 3 == 1 && n == 0 ? KeyValuePair.Create(new string(l.Key.AsSpan()), l.Value) : l).ToArray();
            if (i % 3 == 2)
            {
                loci["XYZ" + i] = shuffled[0].Value;
                shuffled = [.. shuffled, KeyValuePair.Create("XYZ" + i, shuffled[0].Value)];
            }

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
