using Matching.Grains.Buckets;

namespace Matching.Registry.Tests;

/// <summary>
/// The tabulated cases' screen against the exact products it bounds: it never drops a case whose LR reaches the
/// threshold, and what it lets through is within a sixty-fourth of a nat a locus of it, through kills and compaction.
/// </summary>
public sealed class TabulatedCasesTests
{
    private static readonly int[] Genotypes = [3, 6, 10, 15, 21, 28];

    [Fact]
    public void The_screen_keeps_every_case_at_or_above_the_threshold_and_lets_through_only_those_close_to_it()
    {
        var random = new Random(20);
        var cases = new TabulatedCases(Genotypes);
        var tables = new List<double[]?[]>();
        for (var c = 0; c < 300; c++)
        {
            // Per locus: untyped (LR 1) one time in five, else an LR per genotype from e^−6 to e^4, a few of them 0.
            var table = Genotypes.Select(g => random.NextDouble() < 0.2 ? null
                : Enumerable.Range(0, g).Select(_ => random.NextDouble() < 0.05 ? 0 : Math.Exp((random.NextDouble() * 10) - 6)).ToArray()).ToArray();
            Assert.Equal(c, cases.Add(table));
            tables.Add(table);
        }

        var live = Enumerable.Range(0, tables.Count).ToList();
        Check(cases, tables, live, random);

        // Kill two in three and compact: the survivors keep their rows, in order, in their new slots.
        foreach (var slot in live.Where(s => s % 3 != 0))
        {
            cases.Kill(slot);
        }

        var moved = cases.Compact();
        var survivors = live.Where(s => s % 3 == 0).ToList();
        Assert.Equal(Enumerable.Range(0, survivors.Count), survivors.Select(s => moved[s]));
        Check(cases, [.. survivors.Select(s => tables[s])], Enumerable.Range(0, survivors.Count).ToList(), random);
    }

    private static void Check(TabulatedCases cases, IReadOnlyList<double[]?[]> tables, List<int> live, Random random)
    {
        var (kept, through) = (0, 0);
        for (var person = 0; person < 200; person++)
        {
            // Codes: 0 untyped (one locus in ten), else 1 + the genotype.
            var codes = Genotypes.Select(g => (ushort)(random.NextDouble() < 0.1 ? 0 : 1 + random.Next(g))).ToArray();
            var typed = codes.Count(c => c != 0);
            foreach (var threshold in new[] { Math.Exp(-1), 10, 1000 })
            {
                var passing = new List<int>();
                cases.Screen(codes, threshold, passing);
                foreach (var slot in live)
                {
                    var lr = 1.0;
                    for (var l = 0; l < Genotypes.Length; l++)
                    {
                        lr *= codes[l] == 0 || tables[slot][l] is not { } row ? 1 : row[codes[l] - 1];
                    }

                    if (lr >= threshold)
                    {
                        Assert.Contains(slot, passing);
                        kept++;
                    }
                    else if (passing.Contains(slot))
                    {
                        // Each typed locus rounds up by less than 1/64 nat, and the cut sits one unit lower.
                        Assert.True(Math.Log(lr) >= Math.Log(threshold) - ((typed + 1) / 64.0),
                            $"slot {slot}: LR {lr:G6} let through at threshold {threshold:G4} over {typed} typed loci");
                        through++;
                    }
                }
            }
        }

        Assert.True(kept >= 100, $"only {kept} cases at or above a threshold");
        Assert.True(through > 0, "nothing let through below a threshold: the bound is not exercised");
    }
}
