using Matching.Grains;
using Matching.Grains.Buckets;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Synthetic;

namespace Matching.Registry.Tests;

/// <summary>
/// Locus bucket pruning against exhaustive search and the general path, on synthetic registries with mutations and
/// untyped loci: pruning may lose only a mutation of more than one repeat at an anchor locus.
/// </summary>
public sealed class LocusBucketTests
{
    private const double Threshold = 100;
    private static readonly string[] Kit = [.. SyntheticPopulation.Loci];

    /// <summary>Loci outside the scan layout that some profiles are typed at too: they take the general path.</summary>
    private static readonly string[] Extra = ["SE33", "D2S1360"];

    private readonly KinshipEngine _engine = new(FrequencyTable.DefaultEastAsia(), MutationModel.RegistryDefault);
    private readonly ScanLayout _layout;
    private readonly ScanLayout _full;
    private readonly AnchorLoci _anchors;

    public LocusBucketTests()
    {
        _layout = new ScanLayout(_engine.Frequencies, Kit);
        _full = new ScanLayout(_engine.Frequencies, _engine.Frequencies.Loci.Select(l => l.Locus));
        var defaults = new RegistryOptions();
        _anchors = new AnchorLoci(_layout, AnchorLoci.Choose(_layout), defaults.AnchorClasses, defaults.MutationWindow);
    }

    [Fact]
    public void AnchorKeysReachEveryMemberSharingAnAlleleWithinOneRepeat()
    {
        var population = new PackedPopulation(_layout, Kit, seed: 11, untypedRate: 0.05);
        var member = new ushort[_layout.Loci.Count];
        var query = new ushort[_layout.Loci.Count];
        var reachable = new bool[_anchors.KeyCount];
        int sharing = 0, reached = 0;
        for (var trial = 0; trial < 20_000; trial++)
        {
            population.Founder(member);
            population.Founder(query);
            _anchors.Reachable(query, reachable);
            var shares = _anchors.Loci.All(locus => SharesWithinOneRepeat(locus, member, query));
            sharing += shares ? 1 : 0;
            reached += reachable[_anchors.Key(member)] ? 1 : 0;
            if (shares)
            {
                Assert.True(reachable[_anchors.Key(member)], $"trial {trial}: a member sharing an allele at every anchor was not reached");
            }
        }

        // Unrelated pairs often share nothing at an anchor: the keys must skip a good part of them.
        Assert.InRange(reached, sharing, 20_000 * 0.8);
    }

    [Fact]
    public void PrunedSearchOfCasesEqualsExhaustiveSearchAndTheGeneralPath()
    {
        var population = new PackedPopulation(_full, [.. Kit, .. Extra], seed: 5, untypedRate: 0.1, mutationRate: 0.05);
        var (cases, persons) = Registry(population, caseCount: 180, unrelated: 30);
        var index = new CaseIndex(_engine, _layout, _anchors);
        foreach (var definition in cases)
        {
            index.Upsert(definition);
        }

        long prunedScored = 0, exhaustiveScored = 0;
        var plantedFound = 0;
        foreach (var (id, person, parentOf) in persons)
        {
            var pruned = index.Score(id, person, Threshold, prune: true);
            var exhaustive = index.Score(id, person, Threshold, prune: false);
            prunedScored += pruned.Scored;
            exhaustiveScored += exhaustive.Scored;
            Assert.Equal(Lrs(exhaustive.Candidates, c => c.CaseId), Lrs(pruned.Candidates, c => c.CaseId));

            var expected = cases
                .Select(c => (c.CaseId, Lr: _engine.Evaluate(c.ToKinshipCase(person)).Lr ?? 0))
                .Where(c => c.Lr >= Threshold)
                .ToDictionary(c => c.CaseId, c => c.Lr);
            AssertSameLrs(expected, Lrs(exhaustive.Candidates, c => c.CaseId), id);
            plantedFound += parentOf is not null && expected.ContainsKey(parentOf) ? 1 : 0;
        }

        Assert.True(prunedScored < exhaustiveScored * 0.85, $"pruning scored {prunedScored} of {exhaustiveScored}");
        Assert.True(plantedFound > 100, $"only {plantedFound} planted children reach LR {Threshold}: the test would prove little");
    }

    /// <summary>
    /// A person carrying an allele the table lacks (a new mutation, a rare variant) is scanned without that locus and
    /// what passes is confirmed on the general path: every shape must come out as the general path scores it,
    /// including cases whose sibling carries the same unseen allele.
    /// </summary>
    [Fact]
    public void A_person_with_an_allele_the_table_lacks_is_found_as_the_general_path_finds_it()
    {
        var population = new PackedPopulation(_full, [.. Kit, .. Extra], seed: 8, untypedRate: 0.1, mutationRate: 0.05);
        var (cases, persons) = Registry(population, caseCount: 240, unrelated: 40);
        var random = new Random(8);
        var odd = new List<(string Id, Profile Person, string? ParentOf)>();
        foreach (var (id, person, parentOf) in persons)
        {
            // One locus in three of the scan's, at random, an anchor among them: one allele replaced by a label the table lacks.
            var loci = person.Loci.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            foreach (var locus in Kit.Where(l => loci.ContainsKey(l) && random.Next(12) == 0).DefaultIfEmpty(Kit.First(loci.ContainsKey)))
            {
                loci[locus] = Genotype.Of(Unseen(locus, loci[locus].First), loci[locus].Second);
            }

            odd.Add((id, person with { Loci = loci }, parentOf));
        }

        // Each case with a sibling: the sibling given its planted child's unseen allele at one locus.
        for (var c = 0; c < cases.Count; c++)
        {
            var sibling = cases[c].References.FindIndex(r => r.Role == RoleNames.Name(Role.FullSibling));
            if (sibling >= 0)
            {
                var (child, profile) = (odd[c].Person, cases[c].References[sibling].Dna.ToProfile());
                if (Kit.FirstOrDefault(l => child[l] is { } g && _full.Loci[Column(l)].IndexOf(g.First) < 0 && profile[l] is not null) is not { } locus)
                {
                    continue;
                }

                var loci = profile.Loci.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
                loci[locus] = Genotype.Of(child[locus]!.Value.First, loci[locus].Second);
                cases[c].References[sibling] = cases[c].References[sibling] with { Dna = Dna.Of(profile with { Loci = loci }) };
            }
        }

        Assert.Contains(odd, p => !_full.TryEncode(p.Person, Codes()));
        var index = new CaseIndex(_engine, _layout, _anchors);
        foreach (var definition in cases)
        {
            index.Upsert(definition);
        }

        var plantedFound = 0;
        foreach (var (id, person, parentOf) in odd)
        {
            var expected = cases
                .Select(c => (c.CaseId, Lr: _engine.Evaluate(c.ToKinshipCase(person)).Lr ?? 0))
                .Where(c => c.Lr >= Threshold)
                .ToDictionary(c => c.CaseId, c => c.Lr);
            AssertSameLrs(expected, Lrs(index.Score(id, person, Threshold, prune: false).Candidates, c => c.CaseId), id);
            var pruned = Lrs(index.Score(id, person, Threshold, prune: true).Candidates, c => c.CaseId);
            Assert.True(pruned.Keys.All(expected.ContainsKey), $"{id}: pruning found a case the general path does not");
            plantedFound += parentOf is not null && pruned.ContainsKey(parentOf) ? 1 : 0;
        }

        Assert.True(plantedFound > 150, $"only {plantedFound} planted children with an unseen allele found: the test would prove little");
    }

    /// <summary>A label one repeat from <paramref name="allele"/> the table lacks, else a microvariant of it.</summary>
    private string Unseen(string locus, string allele)
    {
        var frequencies = _full.Loci[Column(locus)];
        var repeats = double.Parse(allele, System.Globalization.CultureInfo.InvariantCulture);
        return new[] { repeats + 1, repeats - 1 }.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault(r => frequencies.IndexOf(r) < 0) ?? $"{Math.Floor(repeats).ToString(System.Globalization.CultureInfo.InvariantCulture)}.1";
    }

    [Fact]
    public void PrunedSearchOfPersonsEqualsExhaustiveSearchAndTheGeneralPath()
    {
        var population = new PackedPopulation(_full, [.. Kit, .. Extra], seed: 6, untypedRate: 0.1, mutationRate: 0.05);
        var (cases, persons) = Registry(population, caseCount: 60, unrelated: 200);
        var index = new PersonIndex(_engine, _layout, _anchors);
        foreach (var (id, person, _) in persons)
        {
            index.Upsert(id, 1, person);
        }

        long prunedScored = 0, exhaustiveScored = 0;
        foreach (var definition in cases)
        {
            var pruned = index.Score(definition, Threshold, prune: true);
            var exhaustive = index.Score(definition, Threshold, prune: false);
            prunedScored += pruned.Scored;
            exhaustiveScored += exhaustive.Scored;
            Assert.Equal(Lrs(exhaustive.Candidates, c => c.ProfileId), Lrs(pruned.Candidates, c => c.ProfileId));

            var expected = persons
                .Select(p => (p.Id, Lr: _engine.Evaluate(definition.ToKinshipCase(p.Person)).Lr ?? 0))
                .Where(p => p.Lr >= Threshold)
                .ToDictionary(p => p.Id, p => p.Lr);
            AssertSameLrs(expected, Lrs(exhaustive.Candidates, c => c.ProfileId), definition.CaseId);
        }

        Assert.True(prunedScored < exhaustiveScored * 0.85, $"pruning scored {prunedScored} of {exhaustiveScored}");
    }

    [Fact]
    public void ATwoRepeatMutationAtAnAnchorIsThePruningsResidual()
    {
        var population = new PackedPopulation(_full, Kit, seed: 7, untypedRate: 0, mutationRate: 0);
        var father = Codes();
        var child = Codes();
        population.Founder(father);
        population.Child(father, default, child);
        // At the first anchor the father is f/f and the child (f + 2)/x: the child's paternal allele moved two
        // repeats. Of such genotypes, one whose keys the child's window does not reach.
        var anchor = Column(_anchors.Loci[0]);
        var locus = _full.Loci[anchor];
        var reachable = new bool[_anchors.KeyCount];
        var placed = false;
        for (var f = 0; f < locus.Alleles.Count && !placed; f++)
        {
            var moved = locus.IndexOf(((int)double.Parse(locus.Alleles[f], System.Globalization.CultureInfo.InvariantCulture) + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var x = 0; x < locus.Alleles.Count && moved >= 0 && !placed; x++)
            {
                father[anchor] = (ushort)(1 + GenotypeIndex.Of(f, f));
                child[anchor] = (ushort)(1 + GenotypeIndex.Of(moved, x));
                _anchors.Reachable(InLayout(child), reachable);
                placed = !reachable[_anchors.Key(InLayout(father))];
            }
        }

        Assert.True(placed, "no two-repeat mutation at the anchor leaves the father's key out of reach");
        var definition = Case("C-residual", father, null);
        var person = _full.Decode(child, Sex.Female);
        var lr = _engine.Evaluate(definition.ToKinshipCase(person)).Lr ?? 0;
        Assert.True(lr >= Threshold, $"the test needs the true father above the threshold despite the mutation; LR {lr}");

        var index = new CaseIndex(_engine, _layout, _anchors);
        index.Upsert(definition);
        Assert.Empty(index.Score("P-residual", person, Threshold, prune: true).Candidates);
        var found = Assert.Single(index.Score("P-residual", person, Threshold, prune: false).Candidates);
        Assert.Equal(lr, found.Lr, lr * 1e-9);
    }

    [Fact]
    public void ACorrectedCaseMovesToItsNewKeyAndAnOlderRevisionIsIgnored()
    {
        var (father, other, child) = FatherStrangerAndSon(seed: 8);
        var person = _full.Decode(child, Sex.Male);
        var index = new CaseIndex(_engine, _layout, _anchors);

        index.Upsert(Case("C-1", other, null) with { Revision = 1 });
        Assert.Empty(index.Score("P-1", person, Threshold, prune: false).Candidates);
        index.Upsert(Case("C-1", father, null) with { Revision = 2 });
        Assert.Single(index.Score("P-1", person, Threshold, prune: true).Candidates);
        index.Upsert(Case("C-1", other, null) with { Revision = 1 });
        Assert.Single(index.Score("P-1", person, Threshold, prune: true).Candidates);
        Assert.Equal(1, index.Count);

        index.Remove("C-1");
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Score("P-1", person, Threshold, prune: false).Candidates);
    }

    [Fact]
    public void APersonIsReplacedByANewerVersionPackedOrNotAndNeverByAnOlderOne()
    {
        var (father, other, child) = FatherStrangerAndSon(seed: 12);
        var definition = Case("C-1", father, null);
        var (son, stranger) = (Dna.Of(_full.Decode(child, Sex.Male)), Dna.Of(_full.Decode(other, Sex.Male)));
        // Typed at a locus outside the layout too: kept as a profile, for the general path.
        var sonTypedFurther = Dna.Of(new Profile(Sex.Male, new Dictionary<string, Genotype>(_full.Decode(child, Sex.Male).Loci) { ["SE33"] = Genotype.Of("17", "21") }));
        var index = new PersonIndex(_engine, _layout, _anchors);
        bool Found() => index.Score(definition, Threshold, prune: false).Candidates.Any(c => c.ProfileId == "P-1");

        // (version sent, DNA sent, whether the son is found after it): an older version never replaces a newer one,
        // packed or kept as a profile.
        (int, Dna, bool)[] steps =
        [
            (2, son, true), (1, stranger, true), (3, stranger, false), (4, sonTypedFurther, true),
            (3, stranger, true), (5, stranger, false), (4, sonTypedFurther, false),
        ];
        foreach (var (step, (version, dna, found)) in steps.Index())
        {
            index.Upsert("P-1", version, dna);
            Assert.True(found == Found(), $"step {step}: version {version}");
        }

        index.Upsert("P-2", 1, son);
        Assert.Equal(2, index.Count);
        Assert.Equal(["P-2"], index.Score(definition, Threshold, prune: true).Candidates.Select(c => c.ProfileId));
    }

    [Fact]
    public void TabulatedCasesKeepACaseAtItsOwnLrAndStayRightThroughCorrectionsAndCompaction()
    {
        var population = new PackedPopulation(_full, [.. Kit, .. Extra], seed: 9, untypedRate: 0.1, mutationRate: 0.05);
        var (cases, persons) = Registry(population, caseCount: 200, unrelated: 0);
        // The cases with a full sibling are the ones a bucket cannot pack: each with its planted child.
        var tabulated = cases.Select((c, i) => (Case: c, Child: persons[i])).Where(p => p.Case.References.Any(r => r.Role == RoleNames.Name(Role.FullSibling))).ToList();
        Assert.True(tabulated.Count >= 20, $"only {tabulated.Count} cases with a sibling");
        var index = new CaseIndex(_engine, _layout, _anchors);
        for (var revision = 1; revision <= 60; revision++)
        {
            // Every revision replaces each case's slot: 60 revisions leave over a thousand dead slots to compact.
            foreach (var (definition, _) in tabulated)
            {
                index.Upsert(definition with { Revision = revision });
            }

            Assert.NotNull(index.Score("P-warm", tabulated[0].Child.Person, Threshold, prune: true));
        }

        var atOwnLr = 0;
        foreach (var (definition, (id, person, _)) in tabulated)
        {
            var lr = _engine.Evaluate(definition.ToKinshipCase(person)).Lr ?? 0;
            if (lr <= 0)
            {
                continue;
            }

            // The tightest threshold the case can meet: the rows' sum must let it through to the exact LR.
            var found = index.Score(id, person, lr, prune: false).Candidates.SingleOrDefault(c => c.CaseId == definition.CaseId);
            Assert.True(found is not null, $"{definition.CaseId} with LR {lr:G6} dropped at its own LR");
            Assert.Equal(lr, found.Lr, 1e-9 * lr);
            atOwnLr++;
        }

        Assert.True(atOwnLr >= 20, $"only {atOwnLr} cases had a positive LR");
        Assert.Equal(tabulated.Count, index.Count);
    }

    /// <summary>
    /// Cases of one or both parents (a few with a full sibling too) and their children, plus unrelated persons; one
    /// profile in eight is also typed at loci outside the scan layout.
    /// </summary>
    [Fact]
    public void A_person_of_unknown_sex_is_scored_against_a_childs_case_at_the_mean_of_the_two_sexes()
    {
        // Sex-specific rates reach MP's own transmissions to a child: the one place MP's sex enters the LR.
        var engine = new KinshipEngine(_engine.Frequencies, MutationModel.RegistryDefault with { MaleRate = 0.004, FemaleRate = 0.0005 });
        var population = new PackedPopulation(_full, Kit, seed: 12, untypedRate: 0, mutationRate: 0.3);
        var (parent, child) = (Codes(), Codes());
        population.Founder(parent);
        population.Child(parent, default, child);
        var definition = new CaseDefinition("C-child", 1, [new CaseReferenceDna("C-child-K", "child", Dna.Of(_full.Decode(child, Sex.Male)))]);
        var bySex = new[] { Sex.Male, Sex.Female, Sex.Unknown }.ToDictionary(sex => sex, sex => _full.Decode(parent, sex));
        var male = engine.Evaluate(definition.ToKinshipCase(bySex[Sex.Male])).Lr!.Value;
        var female = engine.Evaluate(definition.ToKinshipCase(bySex[Sex.Female])).Lr!.Value;
        Assert.True(Math.Abs(male - female) > 1e-6 * male, $"the test needs the sexes to differ: {male} and {female}");

        var persons = new PersonIndex(engine, _layout, _anchors);
        foreach (var (sex, profile) in bySex)
        {
            persons.Upsert($"P-{sex}", 1, profile);
        }

        var ofCase = persons.Score(definition, 1e-3, prune: false).Candidates.ToDictionary(c => c.ProfileId, c => c.Lr);
        Assert.Equal(male, ofCase["P-Male"], male * 1e-9);
        Assert.Equal(female, ofCase["P-Female"], female * 1e-9);
        Assert.Equal((male + female) / 2, ofCase["P-Unknown"], male * 1e-9);

        var cases = new CaseIndex(engine, _layout, _anchors);
        cases.Upsert(definition);
        var found = Assert.Single(cases.Score("P-Unknown", bySex[Sex.Unknown], 1e-3, prune: true).Candidates);
        Assert.Equal((male + female) / 2, found.Lr, male * 1e-9);
    }

    private (List<CaseDefinition> Cases, List<(string Id, Profile Person, string? ParentOf)> Persons) Registry(
        PackedPopulation population, int caseCount, int unrelated)
    {
        var cases = new List<CaseDefinition>();
        var persons = new List<(string, Profile, string?)>();
        var (father, mother, child, sibling) = (Codes(), Codes(), Codes(), Codes());
        for (var c = 0; c < caseCount; c++)
        {
            population.Founder(father);
            population.Founder(mother);
            var shape = c % 3;
            var id = $"C-{c}";
            population.Child(shape != 1 ? father : default, shape != 0 ? mother : default, child);
            population.Child(father, mother, sibling);
            var definition = Case(id, shape != 1 ? Partly(population, father) : null, shape != 0 ? Partly(population, mother) : null);
            if (c % 10 == 9)
            {
                definition.References.Add(new CaseReferenceDna($"{id}-S", RoleNames.Name(Role.FullSibling), Dna.Of(_full.Decode(sibling, Sex.Male))));
            }

            cases.Add(definition);
            persons.Add(($"P-{c}", _full.Decode(Partly(population, child), c % 2 == 0 ? Sex.Male : Sex.Female), id));
        }

        for (var p = 0; p < unrelated; p++)
        {
            population.Founder(child);
            persons.Add(($"U-{p}", _full.Decode(Partly(population, child), Sex.Female), null));
        }

        return (cases, persons);
    }

    private ushort[] Codes() => new ushort[_full.Loci.Count];

    /// <summary>Two unrelated founders and a child of the first, without mutations or untyped loci.</summary>
    private (ushort[] Father, ushort[] Stranger, ushort[] Son) FatherStrangerAndSon(int seed)
    {
        var population = new PackedPopulation(_full, Kit, seed, untypedRate: 0, mutationRate: 0);
        var (father, stranger, son) = (Codes(), Codes(), Codes());
        population.Founder(father);
        population.Founder(stranger);
        population.Child(father, default, son);
        return (father, stranger, son);
    }

    private ushort[] InLayout(ushort[] codes)
    {
        var packed = new ushort[_layout.Loci.Count];
        Assert.True(_layout.TryEncode(_full.Decode(codes, Sex.Male), packed));
        return packed;
    }

    /// <summary>Seven profiles in eight keep only the scan layout's loci.</summary>
    private ushort[] Partly(PackedPopulation population, ushort[] codes)
    {
        var kept = (ushort[])codes.Clone();
        if (population.Random.Next(8) != 0)
        {
            foreach (var locus in Extra)
            {
                kept[Column(locus)] = ScanLayout.Untyped;
            }
        }

        return kept;
    }

    private int Column(string locus) => _full.Loci.Select(l => l.Locus).ToList().IndexOf(LocusName.Normalize(locus));

    private CaseDefinition Case(string id, ushort[]? father, ushort[]? mother)
    {
        var references = new List<CaseReferenceDna>();
        if (father is not null)
        {
            references.Add(new CaseReferenceDna($"{id}-F", "father", Dna.Of(_full.Decode(father, Sex.Male))));
        }

        if (mother is not null)
        {
            references.Add(new CaseReferenceDna($"{id}-M", "mother", Dna.Of(_full.Decode(mother, Sex.Female))));
        }

        return new CaseDefinition(id, 0, references);
    }

    private bool SharesWithinOneRepeat(string locusName, ushort[] member, ushort[] query)
    {
        var column = _layout.Loci.Select(l => l.Locus).ToList().IndexOf(locusName);
        if (member[column] == ScanLayout.Untyped || query[column] == ScanLayout.Untyped)
        {
            return true;
        }

        var locus = _layout.Loci[column];
        double Repeats(int allele) => double.Parse(locus.Alleles[allele], System.Globalization.CultureInfo.InvariantCulture);
        var (m1, m2) = GenotypeIndex.Alleles(member[column] - 1);
        var (q1, q2) = GenotypeIndex.Alleles(query[column] - 1);
        return new[] { m1, m2 }.Any(m => new[] { q1, q2 }.Any(q => Math.Abs(Repeats(m) - Repeats(q)) <= 1 + 1e-9));
    }

    private static SortedDictionary<string, double> Lrs(IEnumerable<Candidate> candidates, Func<Candidate, string> key) =>
        new(candidates.ToDictionary(key, c => c.Lr), StringComparer.Ordinal);

    private static void AssertSameLrs(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual, string subject)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, lr) in expected)
        {
            Assert.True(Math.Abs(actual[key] - lr) <= lr * 1e-9, $"{subject} / {key}: LR {actual[key]}, general path {lr}");
        }
    }
}
