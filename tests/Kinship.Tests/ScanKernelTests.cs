using Matching.Kinship.Scan;

namespace Matching.Kinship.Tests;

/// <summary>The scan returns exactly the members whose general-path LR reaches the threshold, with that LR.</summary>
public sealed class ScanKernelTests
{
    private static readonly FrequencyTable Table = FrequencyTable.DefaultEastAsia();
    internal static readonly string[] Loci =
    [
        "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51", "D21S11", "FGA",
        "TH01", "TPOX", "vWA", "D2S1338", "D19S433", "Penta D", "Penta E", "D12S391", "D6S1043", "D1S1656",
    ];

    private static readonly KinshipEngine Engine = new(Table, MutationModel.RegistryDefault);
    private static readonly ScanLayout Layout = new(Table, Loci);

    [Theory]
    [InlineData(1.0)]
    [InlineData(1000.0)]
    public void A_person_against_one_parent_cases_finds_exactly_the_general_path_hits(double threshold)
    {
        var random = new Random(3);
        var person = Partial(RandomPeople.Person(Table, random, Loci), random);
        var parents = new List<Profile>();
        var block = new PackedBlock(Loci.Length);
        Span<ushort> codes = stackalloc ushort[Loci.Length];
        for (var i = 0; i < 403; i++)
        {
            // Every seventh case is the person's true mother; the rest are unrelated women.
            var parent = Partial(i % 7 == 0 ? ParentOf(person, random) : RandomPeople.Person(Table, random, Loci, Sex.Female), random);
            Assert.True(Layout.TryEncode(parent, codes));
            block.Add(codes);
            parents.Add(parent);
        }

        var query = ScanQuery.ForPersonAgainstParents(Engine, Layout, person, Sex.Female)!;
        var hits = new List<ScanHit>();
        ScanKernel.Scan(query, block, threshold, hits);
        AssertSameAsGeneralPath(hits, parents.Select(p => Cases.Case(person, (Role.Mother, p))).ToList(), threshold);
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1000.0)]
    public void A_person_against_pair_coded_both_parent_cases_finds_exactly_the_general_path_hits(double threshold)
    {
        var random = new Random(6);
        var person = Partial(RandomPeople.Person(Table, random, Loci), random);
        var cases = new List<KinshipCase>();
        var block = new BothParentsBlock(Loci.Length);
        Span<ushort> father = stackalloc ushort[Loci.Length];
        Span<ushort> mother = stackalloc ushort[Loci.Length];
        for (var i = 0; i < 317; i++)
        {
            // Some fathers and mothers recur, as the same pair does across a registry, so pair codes are shared.
            var f = Partial(i % 5 == 0 ? ParentOf(person, random, Sex.Male) : RandomPeople.Person(Table, random, Loci), random);
            var m = Partial(i % 5 == 0 || i % 11 == 0 ? ParentOf(person, random) : RandomPeople.Person(Table, random, Loci, Sex.Female), random);
            Assert.True(Layout.TryEncode(f, father));
            Assert.True(Layout.TryEncode(m, mother));
            Assert.True(block.TryAdd(father, mother));
            cases.Add(Cases.Case(person, (Role.Father, f), (Role.Mother, m)));
            if (i % 13 == 0)
            {
                Assert.True(block.TryAdd(father, mother));
                cases.Add(Cases.Case(person, (Role.Father, f), (Role.Mother, m)));
            }
        }

        var query = TrioScanQuery.ForPerson(Engine, Layout, person)!.Against(block);
        var hits = new List<ScanHit>();
        ScanKernel.Scan(query, block.Codes, threshold, hits);
        AssertSameAsGeneralPath(hits, cases, threshold);
        Assert.True(Enumerable.Range(0, Loci.Length).All(l => block.PairCount(l) < block.Count), "repeated pairs share a code");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1000.0)]
    public void A_person_against_both_parent_cases_packed_as_two_codes_finds_exactly_the_general_path_hits(double threshold)
    {
        var random = new Random(7);
        var person = Partial(RandomPeople.Person(Table, random, Loci), random);
        var cases = new List<KinshipCase>();
        // 203 cases: the last group of eight is partial, as in most blocks of a bucket.
        var block = Layout.TrioBlock();
        var codes = new ushort[2 * Loci.Length];
        for (var i = 0; i < 203; i++)
        {
            var f = Partial(i % 5 == 0 ? ParentOf(person, random, Sex.Male) : RandomPeople.Person(Table, random, Loci), random);
            var m = Partial(i % 5 == 0 || i % 11 == 0 ? ParentOf(person, random) : RandomPeople.Person(Table, random, Loci, Sex.Female), random);
            Assert.True(Layout.TryEncode(f, codes.AsSpan(0, Loci.Length)));
            Assert.True(Layout.TryEncode(m, codes.AsSpan(Loci.Length)));
            block.Add(codes);
            cases.Add(Cases.Case(person, (Role.Father, f), (Role.Mother, m)));
        }

        var query = TrioScanQuery.ForPerson(Engine, Layout, person)!.Bound(Loci.Length);
        var hits = new List<ScanHit>();
        query.Scan(block, threshold, hits);
        AssertSameAsGeneralPath(hits, cases, threshold);
    }

    [Fact]
    public void A_case_of_any_shape_against_persons_finds_exactly_the_general_path_hits()
    {
        var random = new Random(9);
        foreach (var shape in new[] { new[] { Role.PaternalGrandfather, Role.PaternalGrandmother }, [Role.FullSibling, Role.FullSibling], [Role.PaternalGrandmother, Role.PaternalUncle] })
        {
            var child = RandomPeople.Person(Table, random, Loci);
            var references = shape.Select((role, i) => new Reference(role, Partial(RandomPeople.Person(Table, random, Loci), random), $"reference {i + 1}")).ToList();
            var kinshipCase = new KinshipCase("scan-case", references, child);
            // Every tenth person shares an allele with the first reference at every locus, as a relative would.
            var persons = Enumerable.Range(0, 203).Select(i => Partial(i % 10 == 0
                ? ParentOf(references[0].Profile, random)
                : RandomPeople.Person(Table, random, Loci), random)).ToList();
            AssertCaseScanIsTheGeneralPath(kinshipCase, persons);
        }
    }

    [Fact]
    public void A_case_whose_reference_carries_alleles_the_table_lacks_is_tabulated_as_the_general_path_extends_the_locus()
    {
        var random = new Random(10);
        var grandfather = RandomPeople.Person(Table, random, Loci, Sex.Male);
        var persons = Enumerable.Range(0, 203).Select(i => Partial(i % 5 == 0
            ? ParentOf(grandfather, random)
            : RandomPeople.Person(Table, random, Loci), random)).ToList();
        // Two loci where the grandfather keeps one allele a grandchild can share and carries one the table lacks.
        var loci = grandfather.Loci.ToDictionary(kv => kv.Key, kv => kv.Value);
        loci["D3S1358"] = Genotype.Of(loci["D3S1358"].First, "99");
        loci["FGA"] = Genotype.Of(loci["FGA"].First, "17.7");
        Assert.True(Table["D3S1358"]!.IndexOf("99") < 0 && Table["FGA"]!.IndexOf("17.7") < 0);
        var kinshipCase = new KinshipCase("unseen", [
            new Reference(Role.PaternalGrandfather, grandfather with { Loci = loci }, "pgf"),
            new Reference(Role.PaternalGrandmother, Partial(RandomPeople.Person(Table, random, Loci, Sex.Female), random), "pgm")],
            RandomPeople.Person(Table, random, Loci));
        AssertCaseScanIsTheGeneralPath(kinshipCase, persons);
    }

    /// <summary>A case against packed persons at threshold 1e-3: the scan finds what the general path finds, with its LRs.</summary>
    private static void AssertCaseScanIsTheGeneralPath(KinshipCase kinshipCase, List<Profile> persons)
    {
        var block = new PackedBlock(Loci.Length);
        var codes = new ushort[Loci.Length];
        foreach (var person in persons)
        {
            Assert.True(Layout.TryEncode(person, codes));
            block.Add(codes);
        }

        var query = ScanQuery.ForCaseAgainstPersons(Engine, Layout, kinshipCase);
        var hits = new List<ScanHit>();
        ScanKernel.Scan(query, block, 1e-3, hits);
        AssertSameAsGeneralPath(hits, persons.Select(p => kinshipCase with { Candidate = p }).ToList(), 1e-3);
    }

    private static void AssertSameAsGeneralPath(List<ScanHit> hits, List<KinshipCase> cases, double threshold)
    {
        var expected = new Dictionary<int, double>();
        for (var i = 0; i < cases.Count; i++)
        {
            var lr = Cases.Lr(Engine, cases[i]);
            if (lr >= threshold)
            {
                expected[i] = lr;
            }
        }

        Assert.True(expected.Count > 0, "the test registry planted no hit above the threshold");
        var missing = expected.Keys.Except(hits.Select(h => h.Member)).Select(m => $"{m}:{expected[m]:G6}");
        var extra = hits.Where(h => !expected.ContainsKey(h.Member)).Select(h => $"{h.Member}:{h.Lr:G6}");
        Assert.True(!missing.Any() && !extra.Any(), $"missing {string.Join(' ', missing)}; extra {string.Join(' ', extra)}");
        Assert.Equal(expected.Keys.Order(), hits.Select(h => h.Member).Order());
        foreach (var hit in hits)
        {
            VectorTests.AssertClose(expected[hit.Member], hit.Lr, $"member {hit.Member}", 1e-9);
        }
    }

    /// <summary>A parent of the person: one of the person's alleles at each locus, the other drawn from the table.</summary>
    internal static Profile ParentOf(Profile child, Random random, Sex sex = Sex.Female) =>
        new(sex, child.Loci.ToDictionary(kv => kv.Key, kv => Genotype.Of(random.Next(2) == 0 ? kv.Value.First : kv.Value.Second,
            RandomPeople.Allele(Table[kv.Key]!, random))));

    /// <summary>Drops a locus or two, as real partial profiles do.</summary>
    [Fact]
    public void A_whole_encoding_is_one_of_a_profile_the_layout_covers_with_every_allele_in_the_table()
    {
        var random = new Random(8);
        var outside = Table.Loci.First(l => !Loci.Contains(l.Locus));
        Span<ushort> whole = stackalloc ushort[Loci.Length];
        Span<ushort> codes = stackalloc ushort[Loci.Length];
        var (packed, notPacked) = (0, 0);
        for (var i = 0; i < 300; i++)
        {
            var loci = Partial(RandomPeople.Person(Table, random, Loci), random).Loci.ToDictionary();
            if (i % 3 == 1)
            {
                loci[outside.Locus] = Genotype.Of(outside.Alleles[0], outside.Alleles[^1]);
            }

            if (i % 5 == 2)
            {
                loci["TH01"] = Genotype.Of("6", "42.2");
            }

            if (i % 7 == 3)
            {
                loci["zz"] = Genotype.Of("6", "7"); // after every locus of the layout in ordinal order
            }

            var person = new Profile(Sex.Male, loci);

            var expected = Layout.Covers(person) && Layout.TryEncode(person, codes);
            Assert.Equal(expected, Layout.TryEncodeWhole(person, whole));
            if (expected)
            {
                Assert.True(whole.SequenceEqual(codes));
            }

            // The same from the loci in ordinal order of name, two alleles each, as a bucket is sent them.
            var inOrder = loci.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray();
            whole.Fill(ushort.MaxValue);
            Assert.Equal(expected, Layout.TryEncodeWhole(
                [.. inOrder.Select(l => l.Key)], [.. inOrder.SelectMany(l => new[] { l.Value.First, l.Value.Second })], whole));
            if (expected)
            {
                Assert.True(whole.SequenceEqual(codes));
            }

            (packed, notPacked) = expected ? (packed + 1, notPacked) : (packed, notPacked + 1);
        }

        Assert.True(packed > 50 && notPacked > 50);
    }

    internal static Profile Partial(Profile profile, Random random) =>
        profile with { Loci = profile.Loci.Where(_ => random.NextDouble() > 0.08).ToDictionary() };
}
