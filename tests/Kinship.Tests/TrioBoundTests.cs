using Matching.Kinship.Scan;

namespace Matching.Kinship.Tests;

/// <summary>The both-parents scan filters on a bound; a bound below the LR would lose a true family without a trace.</summary>
public sealed class TrioBoundTests
{
    private static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();
    private static readonly string[] Loci = ScanKernelTests.Loci;
    private static readonly KinshipEngine Engine = new(Table, MutationModel.RegistryDefault);
    private static readonly ScanLayout Layout = new(Table, Loci);

    [Fact]
    public void A_locus_bound_lies_above_the_log_of_the_sum_it_replaces_and_within_ln2_of_it()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            // Entries as the tables hold them: two fixed-point logs per int, from -50 nats up to a few.
            short f1 = (short)random.Next(-12800, 0), f2 = (short)random.Next(-12800, 0), m1 = (short)random.Next(-12800, 3000), m2 = (short)random.Next(-12800, 3000);
            var (father, mother) = ((f2 << 16) | (ushort)f1, (m2 << 16) | (ushort)m1);
            double x = (f1 + m2) / 256.0, y = (f2 + m1) / 256.0;
            var exact = Math.Max(x, y) + Math.Log(1 + Math.Exp(-Math.Abs(x - y)));
            var bound = TrioBound.Locus(father, mother) / 256.0;
            Assert.True(bound >= exact - 1e-12, $"bound {bound} below log(e^{x} + e^{y}) = {exact}");
            Assert.True(bound <= exact + Math.Log(2) + 0.01, $"bound {bound} loose against {exact}");
        }
    }

    [Fact]
    public void The_bound_of_a_member_is_never_below_its_exact_trio_LR()
    {
        var random = new Random(12);
        var checkedPairs = 0;
        for (var round = 0; round < 20; round++)
        {
            var person = ScanKernelTests.Partial(RandomPeople.Person(Table, random, Loci), random);
            var query = TrioScanQuery.ForPerson(Engine, Layout, person)!.Bound(Loci.Length);
            var block = Layout.TrioBlock();
            var codes = new ushort[2 * Loci.Length];
            for (var i = 0; i < 300; i++)
            {
                // True parents, one true parent, and strangers, typed at most loci.
                var f = i % 3 == 0 ? ScanKernelTests.ParentOf(person, random, Sex.Male) : RandomPeople.Person(Table, random, Loci);
                var m = i % 3 != 2 ? ScanKernelTests.ParentOf(person, random) : RandomPeople.Person(Table, random, Loci, Sex.Female);
                Assert.True(Layout.TryEncode(ScanKernelTests.Partial(f, random), codes.AsSpan(0, Loci.Length)));
                Assert.True(Layout.TryEncode(ScanKernelTests.Partial(m, random), codes.AsSpan(Loci.Length)));
                block.Add(codes);
            }

            for (var member = 0; member < block.Count; member++)
            {
                var bound = 0;
                for (var l = 0; l < query.ActiveLoci; l++)
                {
                    bound += TrioBound.Locus(
                        query.Tables[query.FatherOffsets[l] + block.Code(query.FatherColumns[l], member)],
                        query.Tables[query.MotherOffsets[l] + block.Code(query.MotherColumns[l], member)]);
                }

                var lr = query.Exact.Lr(block, member, Loci.Length);
                if (lr > 0)
                {
                    Assert.True(bound / 256.0 >= Math.Log(lr) - 1e-9, $"member {member}: bound {bound / 256.0} below log LR {Math.Log(lr)}");
                    checkedPairs++;
                }
            }
        }

        Assert.True(checkedPairs > 5000, $"only {checkedPairs} pairs had a positive LR");
    }

    [Fact]
    public void The_sieve_keeps_every_member_at_a_threshold_of_its_own_exact_LR_and_agrees_with_the_scan_without_it()
    {
        var random = new Random(13);
        var kept = 0;
        for (var round = 0; round < 6; round++)
        {
            var person = ScanKernelTests.Partial(RandomPeople.Person(Table, random, Loci), random);
            var query = TrioScanQuery.ForPerson(Engine, Layout, person)!.Bound(Loci.Length);
            var sieved = Layout.TrioBlock();
            var plain = new PackedBlock(2 * Loci.Length);
            var codes = new ushort[2 * Loci.Length];
            // 301 members: the last chunk and the last group of 32 are partial; parents untyped at whole loci too.
            for (var i = 0; i < 301; i++)
            {
                var f = i % 3 == 0 ? ScanKernelTests.ParentOf(person, random, Sex.Male) : RandomPeople.Person(Table, random, Loci);
                var m = i % 4 != 3 ? ScanKernelTests.ParentOf(person, random) : RandomPeople.Person(Table, random, Loci, Sex.Female);
                if (i % 10 == 0)
                {
                    // Parents homozygous for the person's alleles: the largest LR of their class at every locus, so the
                    // sieve's bound meets the exact LR up to its rounding, and a bound rounded the wrong way drops them.
                    (f, m) = (Homozygous(person, Sex.Male, g => g.First), Homozygous(person, Sex.Female, g => g.Second));
                }

                Assert.True(Layout.TryEncode(ScanKernelTests.Partial(f, random), codes.AsSpan(0, Loci.Length)));
                Assert.True(Layout.TryEncode(ScanKernelTests.Partial(m, random), codes.AsSpan(Loci.Length)));
                sieved.Add(codes);
                plain.Add(codes);
            }

            var hits = new List<ScanHit>();
            for (var member = 0; member < sieved.Count; member++)
            {
                var lr = query.Exact.Lr(sieved, member, Loci.Length);
                if (lr <= 0)
                {
                    continue;
                }

                // The tightest threshold the member can meet: the sieve must let it through to the exact LR.
                hits.Clear();
                query.Scan(sieved, lr, hits);
                Assert.Contains(hits, h => h.Member == member);
                kept++;
            }

            foreach (var threshold in new[] { 1e-6, 1.0, 1000.0 })
            {
                var (withSieve, without) = (new List<ScanHit>(), new List<ScanHit>());
                query.Scan(sieved, threshold, withSieve);
                query.Scan(plain, threshold, without);
                Assert.Equal(without.Select(h => (h.Member, h.Lr)), withSieve.Select(h => (h.Member, h.Lr)));
            }
        }

        Assert.True(kept > 1000, $"only {kept} members had a positive LR");
    }

    private static Profile Homozygous(Profile child, Sex sex, Func<Genotype, string> allele) =>
        new(sex, child.Loci.ToDictionary(kv => kv.Key, kv => Genotype.Of(allele(kv.Value), allele(kv.Value))));
}
