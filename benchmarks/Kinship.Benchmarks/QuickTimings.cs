using System.Diagnostics;

namespace Matching.Kinship.Benchmarks;

/// <summary>Rough figures in seconds rather than minutes, for trying a change; not the recorded figures.</summary>
internal static class QuickTimings
{
    public static void Run(bool withScan = true, string? only = null)
    {
        var general = new GeneralPathBenchmarks();
        general.Setup();
        if (only == "siblings")
        {
            for (var i = 0; i < 40; i++)
            {
                Time("general: two siblings, stepwise", 200, general.TwoSiblingsStepwise);
            }

            return;
        }

        Time("general: father, stepwise", 200, general.FatherStepwise);
        Time("general: grandparents, stepwise", 200, general.GrandparentsStepwise);
        Time("general: uncle + grandmother, stepwise", 200, general.UncleAndGrandmotherStepwise);
        Time("general: two siblings, stepwise", 200, general.TwoSiblingsStepwise);
        Time("general: two siblings, equal", 200, general.TwoSiblingsEqual);
        if (!withScan)
        {
            return;
        }

        var scan = new ScanBenchmarks();
        scan.Setup();
        Time("scan: person vs one parent", 1_000_000, () => scan.PersonAgainstOneParentCases());
        Time("scan: person vs both parents", 1_000_000, () => scan.PersonAgainstBothParentCases());
        Time("scan: grandparents case vs persons", 1_000_000, () => scan.GrandparentCaseAgainstPersons());
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
