using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Matching.Kinship.Scan;

/// <summary>
/// Scores a packed block against one query: eight members at a time, one gather per locus, log-LRs summed in
/// float; a group of eight is dropped as soon as even the best remaining loci cannot lift any of them to the
/// threshold, and survivors are confirmed with the exact double LRs. Allocation-free per pair.
/// </summary>
public static class ScanKernel
{
    // Float sums of 20–40 log-LRs are good to about 1e-5; the filter leaves a wide margin and the confirmation is exact.
    private const float Slack = 1e-2f;
    private const int CheckEvery = 4;

    /// <summary>Adds to <paramref name="hits"/> every member with exact LR ≥ threshold; returns how many were added.</summary>
    public static unsafe int Scan(ScanQuery query, PackedBlock block, double threshold, List<ScanHit> hits)
    {
        var before = hits.Count;
        var count = block.Count;
        var loci = query.Columns.Length;
        var logThreshold = (float)Math.Log(threshold) - Slack;
        var codes = block.Codes;
        var tile = block.Columns * PackedBlock.TileWidth;
        var start = 0;
        fixed (ushort* codeBase = codes)
        fixed (float* tables = query.LogTables)
        fixed (int* columns = query.Columns)
        fixed (int* offsets = query.Offsets)
        fixed (float* suffix = query.SuffixBound)
        {
            if (Avx2.IsSupported)
            {
                var limit = Vector256.Create(logThreshold);
                // The last group may be partial: its tile is allocated whole (unused codes are 0), and lanes past the
                // end start at Impossible, so a small block has no scalar tail and its last group dies as early as any.
                for (; start < count; start += 8)
                {
                    var sum = count - start >= 8 ? Vector256<float>.Zero : Tail(count - start);
                    var alive = true;
                    var group = codeBase + (start / PackedBlock.TileWidth * tile);
                    for (var l = 0; l < loci; l++)
                    {
                        var index = Avx2.ConvertToVector256Int32(group + (columns[l] * PackedBlock.TileWidth));
                        sum = Avx.Add(sum, Avx2.GatherVector256(tables + offsets[l], index, 4));
                        if (l % CheckEvery == CheckEvery - 1
                            && Avx.MoveMask(Avx.CompareGreaterThanOrEqual(Avx.Add(sum, Vector256.Create(suffix[l + 1])), limit)) == 0)
                        {
                            alive = false;
                            break;
                        }
                    }

                    if (!alive)
                    {
                        continue;
                    }

                    var mask = Avx.MoveMask(Avx.CompareGreaterThanOrEqual(sum, limit)) & (count - start >= 8 ? 0xFF : (1 << (count - start)) - 1);
                    while (mask != 0)
                    {
                        var lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        Confirm(query, block, start + lane, threshold, hits);
                    }
                }
            }

            for (var member = start; member < count; member++)
            {
                var sum = 0f;
                var alive = true;
                for (var l = 0; l < loci; l++)
                {
                    sum += tables[offsets[l] + codeBase[block.Index(columns[l], member)]];
                    if (sum + suffix[l + 1] < logThreshold)
                    {
                        alive = false;
                        break;
                    }
                }

                if (alive)
                {
                    Confirm(query, block, member, threshold, hits);
                }
            }
        }

        return hits.Count - before;
    }

    /// <summary>Zero for the first <paramref name="live"/> lanes, Impossible for the rest.</summary>
    private static Vector256<float> Tail(int live)
    {
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        return Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create(live)).AsSingle(), Vector256<float>.Zero, Vector256.Create(ScanQuery.Impossible));
    }

    private static void Confirm(ScanQuery query, PackedBlock block, int member, double threshold, List<ScanHit> hits)
    {
        var lr = 1.0;
        for (var l = 0; l < query.Columns.Length; l++)
        {
            lr *= query.Exact[l][block.Code(query.Columns[l], member)];
        }

        if (lr >= threshold)
        {
            hits.Add(new ScanHit(member, lr));
        }
    }
}
