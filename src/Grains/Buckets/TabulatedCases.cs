using System.Runtime.Intrinsics;

namespace Matching.Grains.Buckets;

/// <summary>
/// The cases a bucket cannot pack (siblings, grandparents, uncles), tabulated for the person screen: per locus and
/// genotype one row holding, for every case, the log of its LR for a person of that genotype as a signed byte of
/// quarter nats rounded up. A person reads one row per typed locus and adds them up, 32 cases at a time, where a
/// table per case cost a cache miss per locus and case. The sum is never below the exact log LR, so a case it rules
/// out cannot reach the threshold. A quarter nat a locus adds up to a few nats over twenty loci, and most of what
/// passed was an unrelated person within those few nats of the threshold, each then peeled on the general path; so
/// the cases the sum lets through are summed again in sixty-fourths of a nat (a nibble per locus, genotype and case
/// refines the quarter), and only those are confirmed.
/// </summary>
public sealed class TabulatedCases
{
    /// <summary>Units per nat: each locus rounds up by at most a quarter nat.</summary>
    private const int Scale = 4;

    /// <summary>Units per nat of the second sum: sixteen to the quarter, each locus's refinement held in a nibble.</summary>
    private const int FineScale = 64;

    private const int FinePerUnit = FineScale / Scale;

    private readonly sbyte[][][] _rows;

    /// <summary>Per locus and genotype, two cases a byte: how far below its quarter nat the case's LR is, in sixty-fourths (0–15).</summary>
    private readonly byte[][][] _refinements;
    private ulong[] _dead = [];
    private int _capacity;

    /// <param name="genotypes">Per locus of the layout, its number of genotypes.</param>
    public TabulatedCases(IReadOnlyList<int> genotypes)
    {
        _rows = new sbyte[genotypes.Count][][];
        _refinements = new byte[genotypes.Count][][];
        for (var l = 0; l < genotypes.Count; l++)
        {
            _rows[l] = new sbyte[genotypes[l]][];
            _refinements[l] = new byte[genotypes[l]][];
            for (var g = 0; g < genotypes[l]; g++)
            {
                _rows[l][g] = [];
                _refinements[l][g] = [];
            }
        }
    }

    /// <summary>Slots used, dead ones included.</summary>
    public int Count { get; private set; }

    public int Dead { get; private set; }

    /// <summary>
    /// Adds a case by its per-locus LR for every genotype (null: the case is not typed there, LR 1); returns its slot,
    /// or −1 when an LR is beyond what a byte holds (above e^31.75), so that the caller keeps the case on the general path.
    /// </summary>
    public int Add(IReadOnlyList<double[]?> ratios)
    {
        foreach (var table in ratios)
        {
            if (table is not null && table.Any(r => Units(r) > sbyte.MaxValue))
            {
                return -1;
            }
        }

        if (Count == _capacity)
        {
            Grow();
        }

        var slot = Count++;
        for (var l = 0; l < _rows.Length; l++)
        {
            var table = ratios[l];
            for (var g = 0; g < _rows[l].Length; g++)
            {
                _rows[l][g][slot] = table is null ? (sbyte)0 : (sbyte)Math.Max(Units(table[g]), sbyte.MinValue);
                SetRefinement(_refinements[l][g], slot, table is null ? 0 : Refinement(table[g]));
            }
        }

        return slot;
    }

    public void Kill(int slot)
    {
        if ((_dead[slot >> 6] & (1UL << (slot & 63))) == 0)
        {
            _dead[slot >> 6] |= 1UL << (slot & 63);
            Dead++;
        }
    }

    /// <summary>
    /// Adds to <paramref name="passing"/> every live slot whose sum over the person's typed loci (codes: 0 untyped,
    /// 1 + genotype) could reach <paramref name="threshold"/>.
    /// </summary>
    public void Screen(ReadOnlySpan<ushort> codes, double threshold, List<int> passing)
    {
        if (Count == 0)
        {
            return;
        }

        // Rented, and not cleared: the first typed locus's row is stored where the rest are added. A fresh array for
        // each person and bucket was a large share of what a search allocated, and clearing one cost as much again.
        var rented = System.Buffers.ArrayPool<short>.Shared.Rent(Count);
        try
        {
            ScreenInto(rented, codes, threshold, passing);
        }
        finally
        {
            System.Buffers.ArrayPool<short>.Shared.Return(rented);
        }
    }

    private void ScreenInto(short[] sums, ReadOnlySpan<ushort> codes, double threshold, List<int> passing)
    {
        var first = true;
        for (var l = 0; l < _rows.Length && l < codes.Length; l++)
        {
            if (codes[l] == 0)
            {
                continue;
            }

            var row = _rows[l][codes[l] - 1];
            var slot = 0;
            for (; slot + Vector256<sbyte>.Count <= Count; slot += Vector256<sbyte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create<sbyte>(row.AsSpan(slot)));
                if (!first)
                {
                    low += Vector256.Create<short>(sums.AsSpan(slot));
                    high += Vector256.Create<short>(sums.AsSpan(slot + Vector256<short>.Count));
                }

                low.CopyTo(sums.AsSpan(slot));
                high.CopyTo(sums.AsSpan(slot + Vector256<short>.Count));
            }

            for (; slot < Count; slot++)
            {
                sums[slot] = (short)((first ? 0 : sums[slot]) + row[slot]);
            }

            first = false;
        }

        if (first)
        {
            // No typed locus: every sum is zero.
            Array.Clear(sums, 0, Count);
        }

        // A member at or above threshold has a sum of at least ⌊Scale·ln threshold⌋; one unit more for the rounding
        // of the logs themselves. The same for the second sum in its finer units.
        var cut = threshold > 0 ? Math.Floor(Math.Log(threshold) * Scale) - 1 : double.NegativeInfinity;
        var fineCut = threshold > 0 ? Math.Floor(Math.Log(threshold) * FineScale) - 1 : double.NegativeInfinity;
        for (var slot = 0; slot < Count; slot++)
        {
            if (sums[slot] >= cut && (_dead[slot >> 6] & (1UL << (slot & 63))) == 0 && Fine(codes, slot, sums[slot]) >= fineCut)
            {
                passing.Add(slot);
            }
        }
    }

    /// <summary>A slot's sum in sixty-fourths of a nat: its quarters' sum less each typed locus's refinement.</summary>
    private int Fine(ReadOnlySpan<ushort> codes, int slot, int quarters)
    {
        var fine = quarters * FinePerUnit;
        for (var l = 0; l < _refinements.Length && l < codes.Length; l++)
        {
            if (codes[l] != 0)
            {
                fine -= (_refinements[l][codes[l] - 1][slot >> 1] >> ((slot & 1) * 4)) & 0xF;
            }
        }

        return fine;
    }

    /// <summary>Moves the live slots to the front, in order; returns each old slot's new one (−1 for the dead).</summary>
    public int[] Compact()
    {
        var moved = new int[Count];
        var live = 0;
        for (var slot = 0; slot < Count; slot++)
        {
            moved[slot] = (_dead[slot >> 6] & (1UL << (slot & 63))) == 0 ? live++ : -1;
        }

        for (var l = 0; l < _rows.Length; l++)
        {
            for (var g = 0; g < _rows[l].Length; g++)
            {
                var (row, refinements) = (_rows[l][g], _refinements[l][g]);
                for (var slot = 0; slot < Count; slot++)
                {
                    if (moved[slot] >= 0)
                    {
                        row[moved[slot]] = row[slot];
                        SetRefinement(refinements, moved[slot], (refinements[slot >> 1] >> ((slot & 1) * 4)) & 0xF);
                    }
                }
            }
        }

        Array.Clear(_dead);
        (Count, Dead) = (live, 0);
        return moved;
    }

    /// <summary>⌈Scale·ln r⌉; for 0 (or below e^−32) the least a byte holds, which only rounds up.</summary>
    private static int Units(double ratio) =>
        ratio > 0 ? (int)Math.Max(Math.Ceiling(Math.Log(ratio) * Scale), sbyte.MinValue) : sbyte.MinValue;

    /// <summary>
    /// How many sixty-fourths ⌈64·ln r⌉ lies below the quarter nats ⌈4·ln r⌉ stand for (0–15: ×64 is ×4 ×16 exactly, so
    /// 16⌈4x⌉ − 16 &lt; 64x ≤ ⌈64x⌉ ≤ 16⌈4x⌉); none where the quarters were clamped, which only rounds up further.
    /// </summary>
    private static int Refinement(double ratio)
    {
        var quarters = Units(ratio);
        if (ratio <= 0 || quarters <= sbyte.MinValue)
        {
            return 0;
        }

        return Math.Clamp((quarters * FinePerUnit) - (int)Math.Ceiling(Math.Log(ratio) * FineScale), 0, FinePerUnit - 1);
    }

    private static void SetRefinement(byte[] refinements, int slot, int value)
    {
        var shift = (slot & 1) * 4;
        refinements[slot >> 1] = (byte)((refinements[slot >> 1] & ~(0xF << shift)) | (value << shift));
    }

    private void Grow()
    {
        _capacity = Math.Max(64, _capacity + (_capacity / 2));
        _capacity = (_capacity + 31) / 32 * 32;
        foreach (var locus in _rows)
        {
            for (var g = 0; g < locus.Length; g++)
            {
                Array.Resize(ref locus[g], _capacity);
            }
        }

        foreach (var locus in _refinements)
        {
            for (var g = 0; g < locus.Length; g++)
            {
                Array.Resize(ref locus[g], _capacity / 2);
            }
        }

        Array.Resize(ref _dead, (_capacity + 63) / 64);
    }
}
