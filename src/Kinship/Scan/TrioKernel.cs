using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Matching.Kinship.Scan;

/// <summary>
/// Scores a block of both-parents cases against a <see cref="TrioBound"/>. First the sieve (<see cref="TrioSieve"/>):
/// for 32 members at a time and every locus, read which of them have a father, and a mother, carrying each of the
/// person's alleles (four 32-bit masks), spread the four answers into a class per member, read the classes' bounds
/// with one shuffle and add them up. No member at or above threshold falls below the cut, and the handful above it
/// in a million are confirmed with the exact trio LR. A block without carriers (or a machine without AVX2) goes
/// member by member through the finer per-code bound instead, each dropped at the first locus that rules it out.
/// Allocation-free per pair.
/// </summary>
public static class TrioKernel
{
    public static unsafe int Scan(TrioBound query, PackedBlock block, double threshold, List<ScanHit> hits)
    {
        var before = hits.Count;
        var count = block.Count;
        var limit = TrioBound.Limit(threshold);
        if (!Avx2.IsSupported || !block.HasCarriers)
        {
            for (var member = 0; member < count; member++)
            {
                Continue(query, block, member, limit, threshold, hits);
            }

            return hits.Count - before;
        }

        var sieve = query.Sieve;
        var loci = query.ActiveLoci;
        var cut = Vector256.Create(sieve.Cut(threshold));
        // Spreads a 32-bit mask to 32 bytes, byte k nonzero when bit k is set: byte k/8 of the mask, then bit k%8.
        var spread = Vector256.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
        var bits = Vector256.Create((byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
        var (one, two, four, eight) = (Vector256.Create((byte)1), Vector256.Create((byte)2), Vector256.Create((byte)4), Vector256.Create((byte)8));
        // Per locus, where the four planes the person's alleles select start in a chunk: father c₁, c₂, mother c₁, c₂.
        var planes = loci <= 64 ? stackalloc int[4 * loci] : new int[4 * loci];
        for (var l = 0; l < loci; l++)
        {
            planes[4 * l] = block.Plane(sieve.FatherColumns[l], sieve.First[l]);
            planes[(4 * l) + 1] = block.Plane(sieve.FatherColumns[l], sieve.Second[l]);
            planes[(4 * l) + 2] = block.Plane(sieve.MotherColumns[l], sieve.First[l]);
            planes[(4 * l) + 3] = block.Plane(sieve.MotherColumns[l], sieve.Second[l]);
        }

        var words = block.ChunkWords;
        var share = ((4 * loci) + PackedBlock.PlaneWords - 1) / PackedBlock.PlaneWords;
        fixed (uint* carriers = block.Carriers)
        fixed (byte* tables = sieve.Tables)
        fixed (int* plane = planes)
        {
            for (var start = 0; start < count; start += 32)
            {
                var chunk = start / PackedBlock.ChunkWidth;
                var group = carriers + (chunk * words) + (start % PackedBlock.ChunkWidth / 32);
                // The planes two chunks on sit where no hardware prefetcher looks: each group of 32 asks for its share of them.
                var next = carriers + ((chunk + 2) * words);
                for (int p = (start % PackedBlock.ChunkWidth / 32) * share, end = Math.Min(p + share, 4 * loci); p < end; p++)
                {
                    Sse.Prefetch0(next + plane[p]);
                }

                Vector256<ushort> low = Vector256<ushort>.Zero, high = Vector256<ushort>.Zero;
                for (var l = 0; l < loci; l++)
                {
                    var at = plane + (4 * l);
                    var fc1 = Avx2.And(Spread(group[at[0]], spread, bits), one);
                    var fc2 = Avx2.And(Spread(group[at[1]], spread, bits), two);
                    var mc1 = Avx2.And(Spread(group[at[2]], spread, bits), four);
                    var mc2 = Avx2.And(Spread(group[at[3]], spread, bits), eight);
                    var nibble = Avx2.Or(Avx2.Or(fc1, fc2), Avx2.Or(mc1, mc2));
                    var entries = Avx2.Shuffle(Avx.LoadVector256(tables + (32 * l)), nibble);
                    // Widened in lane order: low holds members 0–7 and 16–23, high 8–15 and 24–31.
                    low = Avx2.Add(low, Avx2.UnpackLow(entries, Vector256<byte>.Zero).AsUInt16());
                    high = Avx2.Add(high, Avx2.UnpackHigh(entries, Vector256<byte>.Zero).AsUInt16());
                }

                // Packing the two comparisons back to bytes restores member order.
                var pass = Avx2.PackSignedSaturate(Avx2.CompareGreaterThan(low.AsInt16(), cut), Avx2.CompareGreaterThan(high.AsInt16(), cut));
                var mask = (uint)Avx2.MoveMask(pass);
                if (count - start < 32)
                {
                    mask &= (1u << (count - start)) - 1;
                }

                while (mask != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Confirm(query, block, start + lane, threshold, hits);
                }
            }
        }

        return hits.Count - before;
    }

    /// <summary>A mask of 32 members as 32 bytes: 0xFF where the member's bit is set, 0 elsewhere.</summary>
    private static Vector256<byte> Spread(uint mask, Vector256<byte> spread, Vector256<byte> bits) =>
        Avx2.CompareEqual(Avx2.And(Avx2.Shuffle(Vector256.Create(mask).AsByte(), spread), bits), bits);

    /// <summary>One member through the finer bound, locus by locus, then the exact LR.</summary>
    private static void Continue(TrioBound query, PackedBlock block, int member, int limit, double threshold, List<ScanHit> hits)
    {
        var codes = block.Codes;
        var tables = query.Tables;
        var sum = 0;
        for (var l = 0; l < query.ActiveLoci; l++)
        {
            var father = tables[query.FatherOffsets[l] + codes[block.Index(query.FatherColumns[l], member)]];
            var mother = tables[query.MotherOffsets[l] + codes[block.Index(query.MotherColumns[l], member)]];
            sum += TrioBound.Locus(father, mother);
            if (sum + query.SuffixBound[l + 1] <= limit)
            {
                return;
            }
        }

        Confirm(query, block, member, threshold, hits);
    }

    private static void Confirm(TrioBound query, PackedBlock block, int member, double threshold, List<ScanHit> hits)
    {
        var lr = query.Exact.Lr(block, member, query.MotherColumnsStart);
        if (lr >= threshold)
        {
            hits.Add(new ScanHit(member, lr));
        }
    }
}
