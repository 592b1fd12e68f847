using BenchmarkDotNet.Running;
using Matching.Kinship.Benchmarks;

// `quick` gives rough stopwatch figures while working; the recorded figures come from BenchmarkDotNet.
if (args is ["quick", ..])
{
    QuickTimings.Run(withScan: args is [_], only: args.Length > 1 ? args[1] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ScanBenchmarks).Assembly).Run(args);
