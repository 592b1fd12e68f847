using Matching.Kinship;
using Matching.Kinship.Scan;

namespace Matching.Registry.Synthetic;

/// <summary>
/// Synthetic people drawn straight into scan layout codes, fast enough for registries of ten million: founders from
/// the frequency table (Hardy–Weinberg), children by Mendelian transmission with one-step mutations, and a share of
/// loci left untyped. What the benchmark loads into the buckets and what the pruning tests search.
/// </summary>
public sealed class PackedPopulation
{
    private readonly ScanLayout _layout;
    private readonly int[] _typed;
    private readonly double[][] _cumulative;
    private readonly int[][] _stepDown;
    private readonly int[][] _stepUp;
    private readonly Random _random;

    /// <param name="layout">The silo's layout.</param>
    /// <param name="loci">The loci people are typed at (layout loci; the rest stay untyped).</param>
    /// <param name="seed">Same seed, same people.</param>
    /// <param name="untypedRate">The chance that a typed locus of a profile failed (left untyped).</param>
    /// <param name="mutationRate">The chance per meiosis and locus that the transmitted allele moves one repeat.</param>
    public PackedPopulation(ScanLayout layout, IEnumerable<string> loci, int seed, double untypedRate = 0.03, double mutationRate = 0.002)
    {
        _layout = layout;
        var names = layout.Loci.Select(l => l.Locus).ToList();
        _typed = [.. loci.Select(l => names.IndexOf(LocusName.Normalize(l)) is var i and >= 0 ? i : throw new ArgumentException($"locus {l} is not in the layout"))];
        _random = new Random(seed);
        UntypedRate = untypedRate;
        MutationRate = mutationRate;
        _cumulative = new double[layout.Loci.Count][];
        _stepDown = new int[layout.Loci.Count][];
        _stepUp = new int[layout.Loci.Count][];
        for (var l = 0; l < layout.Loci.Count; l++)
        {
            var locus = layout.Loci[l];
            var total = 0.0;
            _cumulative[l] = [.. locus.Frequencies.Select(f => total += f)];
            var repeats = locus.Alleles.Select(a => AlleleLabel.TryRepeats(a, out var r) ? r : double.NaN).ToArray();
            _stepDown[l] = [.. repeats.Select(r => Array.FindIndex(repeats, x => Math.Abs(x - (r - 1)) < 1e-9))];
            _stepUp[l] = [.. repeats.Select(r => Array.FindIndex(repeats, x => Math.Abs(x - (r + 1)) < 1e-9))];
        }
    }

    public ScanLayout Layout => _layout;

    public double UntypedRate { get; }

    public double MutationRate { get; }

    /// <summary>Columns of the layout this population is typed at.</summary>
    public IReadOnlyList<int> TypedColumns => _typed;

    public Random Random => _random;

    /// <summary>An unrelated person (or a founder): a random genotype at every typed locus.</summary>
    public void Founder(Span<ushort> codes)
    {
        codes.Clear();
        foreach (var l in _typed)
        {
            if (_random.NextDouble() >= UntypedRate)
            {
                codes[l] = (ushort)(1 + GenotypeIndex.Of(Draw(l), Draw(l)));
            }
        }
    }

    /// <summary>
    /// A child of the given parents (an empty span is an untyped, random parent); returns how many transmitted
    /// alleles mutated. Loci a parent is untyped at get a random allele from that side.
    /// </summary>
    public int Child(ReadOnlySpan<ushort> father, ReadOnlySpan<ushort> mother, Span<ushort> child)
    {
        child.Clear();
        var mutations = 0;
        foreach (var l in _typed)
        {
            var a = Transmit(l, father.IsEmpty ? ScanLayout.Untyped : father[l], ref mutations);
            var b = Transmit(l, mother.IsEmpty ? ScanLayout.Untyped : mother[l], ref mutations);
            if (_random.NextDouble() >= UntypedRate)
            {
                child[l] = (ushort)(1 + GenotypeIndex.Of(a, b));
            }
        }

        return mutations;
    }

    /// <summary>Moves one allele of a typed locus by <paramref name="repeats"/> (±1 or ±2) where the table has the allele; false if it has not.</summary>
    public bool Mutate(Span<ushort> codes, int column, int repeats)
    {
        if (codes[column] == ScanLayout.Untyped)
        {
            return false;
        }

        var (a, b) = GenotypeIndex.Alleles(codes[column] - 1);
        var moved = a;
        for (var step = 0; step < Math.Abs(repeats) && moved >= 0; step++)
        {
            moved = repeats > 0 ? _stepUp[column][moved] : _stepDown[column][moved];
        }

        if (moved < 0)
        {
            return false;
        }

        codes[column] = (ushort)(1 + GenotypeIndex.Of(moved, b));
        return true;
    }

    private int Transmit(int l, ushort parent, ref int mutations)
    {
        int allele;
        if (parent == ScanLayout.Untyped)
        {
            return Draw(l);
        }

        var (a, b) = GenotypeIndex.Alleles(parent - 1);
        allele = _random.Next(2) == 0 ? a : b;
        if (_random.NextDouble() < MutationRate)
        {
            var moved = _random.Next(2) == 0 ? _stepDown[l][allele] : _stepUp[l][allele];
            if (moved >= 0)
            {
                mutations++;
                return moved;
            }
        }

        return allele;
    }

    private int Draw(int l)
    {
        var cumulative = _cumulative[l];
        var u = _random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, u);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }
}
