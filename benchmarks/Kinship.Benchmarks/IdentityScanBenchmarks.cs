using BenchmarkDotNet.Attributes;
using Matching.Kinship.Scan;

namespace Matching.Kinship.Benchmarks;

/// <summary>
/// The identity check on one core: one profile against a million packed unrelated persons at 20 loci, comparing the
/// loci in the layout's order or the most discriminating first. Each operation is one member.
/// dotnet run -c Release --project benchmarks/Kinship.Benchmarks -- --filter '*IdentityScanBenchmarks*'
/// </summary>
public class IdentityScanBenchmarks
{
    private const int Members = 1_000_000;
    private readonly List<IdentityHit> _hits = new(16);
    private PackedBlock _persons = null!;
    private ushort[] _profile = null!;
    private int[] _discriminating = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var layout = SyntheticRegistry.Layout;
        _persons = new PackedBlock(SyntheticRegistry.Loci.Length, Members);
        var codes = new ushort[SyntheticRegistry.Loci.Length];
        for (var i = 0; i < Members; i++)
        {
            layout.TryEncode(SyntheticRegistry.Person(random), codes);
            _persons.Add(codes);
        }

        _profile = new ushort[SyntheticRegistry.Loci.Length];
        layout.TryEncode(SyntheticRegistry.Person(random), _profile);
        _discriminating = [.. layout.ByDiscrimination];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Members)]
    public int LayoutOrder()
    {
        _hits.Clear();
        IdentityScan.Scan(_persons, _profile, 8, _hits);
        return _hits.Count;
    }

    [Benchmark(OperationsPerInvoke = Members)]
    public int MostDiscriminatingFirst()
    {
        _hits.Clear();
        IdentityScan.Scan(_persons, _profile, 8, _hits, _discriminating);
        return _hits.Count;
    }
}
