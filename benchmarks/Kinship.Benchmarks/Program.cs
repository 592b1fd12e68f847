using BenchmarkDotNet.Running;
using Matching.Kinship.Benchmarks;

// `quick` gives rough stopwatch figures while working; the recorded figures come from BenchmarkDotNet.
if (args is ["quick", ..])
{
    QuickTimings.Run(withScan: args is not [_, "general"]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ScanBenchmarks).Assembly).Run(args);
