using BenchmarkDotNet.Attributes;
using Matching.Kinship.Power;

namespace Matching.Kinship.Benchmarks;

/// <summary>
/// A case's exact power at 20 loci (stepwise 0.002, the registry's default): the per-locus LR of every genotype,
/// convolved on a grid of 0.001 in ln LR, and the exceedance at three thresholds with the true child's quantiles;
/// the same by simulation (10,000 draws a figure, importance sampled); and the power with each relative the father's
/// case could add (13 roles, each simulated), as GET /api/cases/{id}/power answers it.
/// dotnet run -c Release --project benchmarks/Kinship.Benchmarks -- --filter '*PowerBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class PowerBenchmarks
{
    private static readonly double[] Thresholds = [1e3, 1e4, 1e5];
    private KinshipEngine _engine = null!;
    private KinshipCase _father = null!;
    private KinshipCase _trio = null!;
    private KinshipCase _grandparents = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(18);
        _engine = new KinshipEngine(SyntheticRegistry.Table, MutationModel.RegistryDefault);
        KinshipCase Make(params Role[] roles) => new("power", [.. roles.Select(r => new Reference(r, SyntheticRegistry.Person(random), r.ToString()))],
            SyntheticRegistry.Person(random));
        _father = Make(Role.Father);
        _trio = Make(Role.Father, Role.Mother);
        _grandparents = Make(Role.PaternalGrandfather, Role.PaternalGrandmother);
    }

    [Benchmark]
    public CasePower Father() => LrDistribution.Power(_engine, _father, Thresholds);

    [Benchmark]
    public CasePower Trio() => LrDistribution.Power(_engine, _trio, Thresholds);

    [Benchmark]
    public CasePower Grandparents() => LrDistribution.Power(_engine, _grandparents, Thresholds);

    /// <summary>The background's figure (CasePowerRefresher): one threshold on the 0.01 grid.</summary>
    [Benchmark]
    public CasePower FatherBackground() => LrDistribution.Power(_engine, _father, [1e4], 0.01);

    [Benchmark]
    public CasePower GrandparentsBackground() => LrDistribution.Power(_engine, _grandparents, [1e4], 0.01);

    /// <summary>Only the per-locus LRs of every genotype with their probabilities, which both the exact and the simulated figures start from.</summary>
    [Benchmark]
    public int FatherGenotypes() => LrSimulation.TypedLoci(_engine, _father).Sum(l => l.Lr.Length);

    [Benchmark]
    public CasePower FatherSimulated() => LrSimulation.Power(_engine, _father, Thresholds, 10_000, 1);

    [Benchmark]
    public CasePower GrandparentsSimulated() => LrSimulation.Power(_engine, _grandparents, Thresholds, 10_000, 1);

    [Benchmark]
    public IReadOnlyList<RelativePower> FatherNextRelatives() =>
        NextRelative.Rank(_engine, _father, LrDistribution.Power(_engine, _father, Thresholds), Thresholds, 1e4, 10_000, 1);
}
