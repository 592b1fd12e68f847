using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>The loci column's JSON: the text the registry has always stored, and back.</summary>
public sealed class LociJsonTests
{
    [Fact]
    public void Loci_are_written_in_ordinal_order_as_the_serializer_writes_them_and_read_back_unchanged()
    {
        var people = new Families(5);
        for (var i = 0; i < 200; i++)
        {
            var loci = people.Person();
            if (i % 3 == 0)
            {
                loci["Penta D"] = Genotype.Of("2.2", "13");
                loci.Remove("TH01");
            }

            if (i % 7 == 0)
            {
                // Text the registry's rules never let through, written as the serializer escapes it.
                loci[i % 2 == 0 ? "D\"<&é" : "FGA"] = new Genotype("+1/2", "X'Y");
            }

            var expected = JsonSerializer.Serialize(new SortedDictionary<string, string[]>(
                loci.ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }), StringComparer.Ordinal));
            var written = LociJson.Write(loci);

            Assert.Equal(expected, written);
            Assert.Equal(loci.OrderBy(l => l.Key, StringComparer.Ordinal), LociJson.Read(written).OrderBy(l => l.Key, StringComparer.Ordinal));
        }
    }
}
