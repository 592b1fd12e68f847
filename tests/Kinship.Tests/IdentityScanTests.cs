using Matching.Kinship.Scan;

namespace Matching.Kinship.Tests;

/// <summary>The identity scan in the order of discrimination finds exactly the members a locus-by-locus comparison does.</summary>
public sealed class IdentityScanTests
{
    private static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();
    private static readonly ScanLayout Layout = new(Table, ScanKernelTests.Loci);

    [Fact]
    public void The_discrimination_order_puts_the_loci_where_unrelated_people_least_often_share_a_genotype_first()
    {
        // Σ over genotypes of P(g)² under Hardy–Weinberg, in closed form: 2(Σp²)² − Σp⁴.
        static double Match(LocusFrequencies locus) =>
            (2 * Math.Pow(locus.Frequencies.Sum(p => p * p), 2)) - locus.Frequencies.Sum(p => Math.Pow(p, 4));

        var order = Layout.ByDiscrimination;
        Assert.Equal(Enumerable.Range(0, Layout.Loci.Count), order.Order());
        for (var i = 1; i < order.Count; i++)
        {
            Assert.True(Match(Layout.Loci[order[i - 1]]) <= Match(Layout.Loci[order[i]]) + 1e-15,
                $"{Layout.Loci[order[i - 1]].Locus} before {Layout.Loci[order[i]].Locus}");
        }

        // On this table the spread is wide: the first locus matches by chance far less often than the last.
        Assert.True(Match(Layout.Loci[order[0]]) * 3 < Match(Layout.Loci[order[^1]]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(15)]
    public void The_members_found_are_those_equal_wherever_both_are_typed_in_any_order(int minimumShared)
    {
        var random = new Random(minimumShared);
        var columns = Layout.Loci.Count;
        Span<ushort> codes = stackalloc ushort[columns];
        for (var round = 0; round < 20; round++)
        {
            var profile = ScanKernelTests.Partial(RandomPeople.Person(Table, random, ScanKernelTests.Loci), random);
            Assert.True(Layout.TryEncode(profile, codes));
            var block = new PackedBlock(columns);
            var members = new List<ushort[]>();
            for (var m = 0; m < 203; m++)
            {
                // Every fifth member is the profile again, typed at other loci; the rest unrelated.
                var member = new ushort[columns];
                Assert.True(Layout.TryEncode(ScanKernelTests.Partial(m % 5 == 0 ? profile : RandomPeople.Person(Table, random, ScanKernelTests.Loci), random), member));
                block.Add(member);
                members.Add(member);
            }

            var expected = new List<(int, int)>();
            for (var m = 0; m < members.Count; m++)
            {
                var (agree, shared) = (true, 0);
                for (var l = 0; l < columns; l++)
                {
                    if (codes[l] != ScanLayout.Untyped && members[m][l] != ScanLayout.Untyped)
                    {
                        agree &= codes[l] == members[m][l];
                        shared += codes[l] == members[m][l] ? 1 : 0;
                    }
                }

                if (agree && shared >= minimumShared)
                {
                    expected.Add((m, shared));
                }
            }

            Assert.Contains(expected, e => e.Item1 % 5 == 0);
            int[] reversed = [.. Layout.ByDiscrimination.Reverse()];
            foreach (var order in new[] { [], [.. Layout.ByDiscrimination], reversed })
            {
                var hits = new List<IdentityHit>();
                IdentityScan.Scan(block, codes, minimumShared, hits, order);
                Assert.Equal(expected, hits.Select(h => (h.Member, h.SharedLoci)));
            }
        }
    }
}
