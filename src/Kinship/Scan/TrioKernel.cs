using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Matching.Kinship.Scan;

/// <summary>
/// Scores a block of both-parents cases against a <see cref="TrioBound"/>. The first loci, which nearly every
/// group of eight needs, are summed for eight members at a time with no branch; the few members still able to
/// reach the threshold then go on one by one, each dropped at the first locus that rules it out, and the rest are
/// confirmed with the exact trio LR. Allocation-free per pair.
/// </summary>
public static class TrioKernel
{
    /// <summary>Loci summed for every group: after four, about one unrelated member in twenty is left.</summary>
    private const int Prefix = 5;

    public static unsafe int Scan(TrioBound query, PackedBlock block, double threshold, List<ScanHit> hits)
    {
        var before = hits.Count;
        var count = block.Count;
        var loci = query.ActiveLoci;
        var limit = TrioBound.Limit(threshold);
        var tile = block.Columns * PackedBlock.TileWidth;
        var start = 0;
        fixed (ushort* codes = block.Codes)
        fixed (int* tables = query.Tables)
        fixed (int* fathers = query.FatherColumns)
        fixed (int* mothers = query.MotherColumns)
        fixed (int* fatherOffsets = query.FatherOffsets)
        fixed (int* motherOffsets = query.MotherOffsets)
        fixed (int* suffix = query.SuffixBound)
        {
            if (Avx2.IsSupported && loci >= Prefix)
            {
                var alive = Vector256.Create(limit - suffix[Prefix]);
                var (ln2, rounding) = (Vector256.Create(TrioBound.Ln2), Vector256.Create(TrioBound.Rounding));
                var sums = stackalloc int[PackedBlock.TileWidth];
                for (; start < count; start += PackedBlock.TileWidth)
                {
                    // Lanes past the end of a partial last group start out of reach.
                    var sum = count - start >= 8 ? Vector256<int>.Zero : Tail(count - start);
                    var group = codes + (start / PackedBlock.TileWidth * tile);
                    for (var l = 0; l < Prefix; l++)
                    {
                        var father = Avx2.GatherVector256(tables + fatherOffsets[l], Avx2.ConvertToVector256Int32(group + (fathers[l] * PackedBlock.TileWidth)), 4);
                        var mother = Avx2.GatherVector256(tables + motherOffsets[l], Avx2.ConvertToVector256Int32(group + (mothers[l] * PackedBlock.TileWidth)), 4);
                        var low = Avx2.Add(Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(father, 16), 16), Avx2.ShiftRightArithmetic(mother, 16));
                        var high = Avx2.Add(Avx2.ShiftRightArithmetic(father, 16), Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(mother, 16), 16));
                        var correction = Avx2.Max(Avx2.Subtract(ln2, Avx2.ShiftRightLogical(Avx2.Abs(Avx2.Subtract(low, high)).AsInt32(), 3)), rounding);
                        sum = Avx2.Add(sum, Avx2.Add(Avx2.Max(low, high), correction));
                    }

                    var mask = Avx.MoveMask(Avx2.CompareGreaterThan(sum, alive).AsSingle());
                    if (mask == 0)
                    {
                        continue;
                    }

                    sum.Store(sums);
                    while (mask != 0)
                    {
                        var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        Continue(query, block, start + lane, Prefix, sums[lane], limit, threshold, hits);
                    }
                }
            }

            for (var member = start; member < count; member++)
            {
                Continue(query, block, member, 0, 0, limit, threshold, hits);
            }
        }

        return hits.Count - before;
    }

    /// <summary>One member from scan position <paramref name="from"/> on, having summed <paramref name="sum"/> so far.</summary>
    private static void Continue(TrioBound query, PackedBlock block, int member, int from, int sum, int limit, double threshold, List<ScanHit> hits)
    {
        var codes = block.Codes;
        var tables = query.Tables;
        for (var l = from; l < query.ActiveLoci; l++)
        {
            var father = tables[query.FatherOffsets[l] + codes[block.Index(query.FatherColumns[l], member)]];
            var mother = tables[query.MotherOffsets[l] + codes[block.Index(query.MotherColumns[l], member)]];
            sum += TrioBound.Locus(father, mother);
            if (sum + query.SuffixBound[l + 1] <= limit)
            {
                return;
            }
        }

        var lr = query.Exact.Lr(block, member, query.MotherColumnsStart);
        if (lr >= threshold)
        {
            hits.Add(new ScanHit(member, lr));
        }
    }

    /// <summary>Zero for the first <paramref name="live"/> lanes, out of reach for the rest.</summary>
    private static Vector256<int> Tail(int live)
    {
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        return Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create(live)), Vector256<int>.Zero, Vector256.Create(int.MinValue / 4));
    }
}
