using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Matching.Kinship.Benchmarks.ScanBenchmarks).Assembly).Run(args);
