using Matching.Cluster.Benchmarks;

// Searches end to end through an in-process silo whose buckets are loaded straight with a synthetic registry; one
// JSON object on standard output, progress on standard error. A figure, not a test (docs/performance.md).
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(ClusterBench.Usage.TrimEnd());
    return 0;
}

try
{
    return await ClusterBench.RunAsync(args, Console.Out, Console.Error);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"Cluster.Benchmarks: {e.Message}\n{ClusterBench.Usage.TrimEnd()}");
    return 64;
}
