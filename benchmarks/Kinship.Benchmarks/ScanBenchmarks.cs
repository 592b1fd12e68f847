using BenchmarkDotNet.Attributes;
using Matching.Kinship.Scan;

namespace Matching.Kinship.Benchmarks;

/// <summary>
/// The scan kernel on one core: one query against a million packed members at 20 loci, registry default
/// mutation model (stepwise 0.002), threshold LR 1,000. Each operation is one candidate pair.
/// dotnet run -c Release --project benchmarks/Kinship.Benchmarks -- --filter '*ScanBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private const int Members = 1_000_000;
    private readonly List<ScanHit> _hits = new(1024);
    private PackedBlock _oneParent = null!;
    private BothParentsBlock _bothParents = null!;
    private PackedBlock _bothParentCodes = null!;
    private PackedBlock _persons = null!;
    private ScanQuery _personQuery = null!;
    private TrioScanQuery _trioQuery = null!;
    private TrioBound _trioBound = null!;
    private ScanQuery _caseQuery = null!;

    /// <summary>Members per block; BenchmarkDotNet runs use the million its per-pair figures divide by.</summary>
    public int Size { get; set; } = Members;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var engine = new KinshipEngine(SyntheticRegistry.Table, MutationModel.RegistryDefault);
        var child = SyntheticRegistry.Person(random);
        _oneParent = SyntheticRegistry.OneParentCases(Size, child, random);
        _bothParents = SyntheticRegistry.BothParentCases(Size, child, random);
        _bothParentCodes = SyntheticRegistry.BothParentCodes(Size, child, random);
        _personQuery = ScanQuery.ForPersonAgainstParents(engine, SyntheticRegistry.Layout, child, Sex.Female)!;
        _trioQuery = TrioScanQuery.ForPerson(engine, SyntheticRegistry.Layout, child)!;
        _trioBound = _trioQuery.Bound(SyntheticRegistry.Loci.Length);

        var grandfather = SyntheticRegistry.ParentOf(child, random, Sex.Male);
        var grandmother = SyntheticRegistry.Person(random, Sex.Female);
        var kinshipCase = new KinshipCase("bench", [new Reference(Role.PaternalGrandfather, grandfather, "pgf"), new Reference(Role.PaternalGrandmother, grandmother, "pgm")], child);
        _caseQuery = ScanQuery.ForCaseAgainstPersons(engine, SyntheticRegistry.Layout, kinshipCase);
        _persons = new PackedBlock(SyntheticRegistry.Loci.Length, Size);
        var codes = new ushort[SyntheticRegistry.Loci.Length];
        for (var i = 0; i < Size; i++)
        {
            SyntheticRegistry.Layout.TryEncode(SyntheticRegistry.Person(random), codes);
            _persons.Add(codes);
        }
    }

    [Benchmark(OperationsPerInvoke = Members)]
    public int PersonAgainstOneParentCases()
    {
        _hits.Clear();
        return ScanKernel.Scan(_personQuery, _oneParent, 1000, _hits);
    }

    /// <summary>Includes turning the query into the block's pair tables, which every query against a block pays.</summary>
    [Benchmark(OperationsPerInvoke = Members)]
    public int PersonAgainstBothParentCases()
    {
        _hits.Clear();
        return ScanKernel.Scan(_trioQuery.Against(_bothParents), _bothParents.Codes, 1000, _hits);
    }

    /// <summary>Both parents as two codes per locus (the buckets' packing): a bound on each locus, survivors confirmed exactly.</summary>
    [Benchmark(OperationsPerInvoke = Members)]
    public int PersonAgainstBothParentCodes()
    {
        _hits.Clear();
        return _trioBound.Scan(_bothParentCodes, 1000, _hits);
    }

    /// <summary>Building a person's trio bound: once per query, whatever the number of cases it is scanned against.</summary>
    [Benchmark]
    public int TrioBound() => _trioQuery.Bound(SyntheticRegistry.Loci.Length).ActiveLoci;

    public int BothParentsTables() => _trioQuery.Against(_bothParents).ActiveLoci;

    /// <summary>Distinct (father, mother) pairs per locus in the block: the size of the tables a query builds.</summary>
    public int[] PairCounts => [.. Enumerable.Range(0, SyntheticRegistry.Loci.Length).Select(_bothParents.PairCount)];

    [Benchmark(OperationsPerInvoke = Members)]
    public int GrandparentCaseAgainstPersons()
    {
        _hits.Clear();
        return ScanKernel.Scan(_caseQuery, _persons, 1000, _hits);
    }
}
