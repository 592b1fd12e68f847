using System.Diagnostics;

namespace Matching.Kinship.Benchmarks;

/// <summary>Rough figures in seconds rather than minutes, for trying a change; not the recorded figures.</summary>
internal static class QuickTimings
{
    public static void Run(bool withScan = true, string? only = null)
    {
        var general = new GeneralPathBenchmarks();
        general.Setup();
        if (only == "codes")
        {
            // The buckets' both-parents kernel beside the one-parent kernel, the same process and minute: a ratio
            // that survives this machine's swings better than either figure.
            var b = new ScanBenchmarks { Size = 1_000_000 };
            b.Setup();
            for (var i = 0; i < 3; i++)
            {
                Time("scan 1,000,000: person vs one parent", 1_000_000, () => b.PersonAgainstOneParentCases());
                Time("scan 1,000,000: person vs both parents' codes", 1_000_000, () => b.PersonAgainstBothParentCodes());
            }

            return;
        }

        if (only == "trio")
        {
            withScan = true;
        }
        else if (only == "siblings")
        {
            for (var i = 0; i < 40; i++)
            {
                Time("general: two siblings, stepwise", 200, general.TwoSiblingsStepwise);
            }

            return;
        }

        if (only != "trio")
        {
            Time("general: father, stepwise", 200, general.FatherStepwise);
        }

        Time("general: grandparents, stepwise", 200, general.GrandparentsStepwise);
        Time("general: uncle + grandmother, stepwise", 200, general.UncleAndGrandmotherStepwise);
        Time("general: two siblings, stepwise", 200, general.TwoSiblingsStepwise);
        Time("general: two siblings, equal", 200, general.TwoSiblingsEqual);
        if (!withScan)
        {
            return;
        }

        if (only == "trio")
        {
            var trio = new ScanBenchmarks { Size = 1_000_000 };
            trio.Setup();
            Console.WriteLine($"pairs per locus: {string.Join(' ', trio.PairCounts)}");
            for (var i = 0; i < 5; i++)
            {
                Time("scan 1,000,000: person vs both parents", 1_000_000, () => trio.PersonAgainstBothParentCases());
                Time("scan 1,000,000: person vs one parent", 1_000_000, () => trio.PersonAgainstOneParentCases());
                Time("pair tables of a 1,000,000 block, per case", 1_000_000, () => trio.BothParentsTables());
            }

            return;
        }

        foreach (var size in new[] { 1_000_000, 100_000 })
        {
            var scan = new ScanBenchmarks { Size = size };
            scan.Setup();
            Time($"scan {size:N0}: person vs one parent", size, () => scan.PersonAgainstOneParentCases());
            Time($"scan {size:N0}: person vs both parents", size, () => scan.PersonAgainstBothParentCases());
            Time($"scan {size:N0}: case vs persons", size, () => scan.GrandparentCaseAgainstPersons());
        }
    }

    private static void Time(string what, int operations, Func<double> run)
    {
        run();
        var best = double.MaxValue;
        for (var i = 0; i < 15; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"{what,-40} {best / operations * 1e9,10:F1} ns/op {operations / best,14:N0} op/s");
    }
}
