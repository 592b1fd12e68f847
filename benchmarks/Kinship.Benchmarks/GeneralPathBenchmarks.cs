using BenchmarkDotNet.Attributes;

namespace Matching.Kinship.Benchmarks;

/// <summary>
/// Exact case LRs on the general peeling path at 20 loci, registry default mutation model (stepwise 0.002),
/// for shapes with up to four untyped template members. Each operation is one case LR.
/// dotnet run -c Release --project benchmarks/Kinship.Benchmarks -- --filter '*GeneralPathBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class GeneralPathBenchmarks
{
    private const int Cases = 200;
    private KinshipEngine _engine = null!;
    private KinshipEngine _equal = null!;
    private KinshipCase[] _father = null!;
    private KinshipCase[] _grandparents = null!;
    private KinshipCase[] _uncleAndGrandmother = null!;
    private KinshipCase[] _twoSiblings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _engine = new KinshipEngine(SyntheticRegistry.Table, MutationModel.RegistryDefault);
        _equal = new KinshipEngine(SyntheticRegistry.Table, new MutationModel(MutationKind.Equal, 0.002, 0.002));
        KinshipCase[] Make(params Role[] roles) => Enumerable.Range(0, Cases).Select(i => new KinshipCase($"c{i}",
            roles.Select(r => new Reference(r, SyntheticRegistry.Person(random), r.ToString())).ToList(), SyntheticRegistry.Person(random))).ToArray();
        _father = Make(Role.Father);
        _grandparents = Make(Role.PaternalGrandfather, Role.PaternalGrandmother);
        _uncleAndGrandmother = Make(Role.PaternalUncle, Role.PaternalGrandmother);
        _twoSiblings = Make(Role.FullSibling, Role.FullSibling);
    }

    /// <summary>The fixed cost of a case: almost nothing to peel.</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public double FatherStepwise() => Run(_engine, _father);

    [Benchmark(OperationsPerInvoke = Cases)]
    public double GrandparentsStepwise() => Run(_engine, _grandparents);

    [Benchmark(OperationsPerInvoke = Cases)]
    public double UncleAndGrandmotherStepwise() => Run(_engine, _uncleAndGrandmother);

    [Benchmark(OperationsPerInvoke = Cases)]
    public double TwoSiblingsStepwise() => Run(_engine, _twoSiblings);

    [Benchmark(OperationsPerInvoke = Cases)]
    public double TwoSiblingsEqual() => Run(_equal, _twoSiblings);

    private static double Run(KinshipEngine engine, KinshipCase[] cases)
    {
        var total = 0.0;
        foreach (var kinshipCase in cases)
        {
            total += engine.Evaluate(kinshipCase).Lr ?? 0;
        }

        return total;
    }
}
