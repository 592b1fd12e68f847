using System.Runtime.Intrinsics;

namespace Matching.Kinship.Scan;

/// <summary>
/// The members of a packed block identical to a profile wherever both are typed: a tile of eight members compared
/// with the profile's code a locus at a time, untyped agreeing with anything. No table to build, so a registration's
/// identity check in every bucket costs only its scan.
/// </summary>
public static class IdentityScan
{
    /// <summary>
    /// Adds to <paramref name="hits"/> every member whose codes equal <paramref name="codes"/> wherever both are typed
    /// (<see cref="ScanLayout.Untyped"/>), sharing at least <paramref name="minimumShared"/> typed loci. A code of
    /// <see cref="ScanLayout.Unseen"/> is agreed with by untyped members only. The loci are compared in
    /// <paramref name="order"/> (all the columns, each once; empty: the layout's order): a tile stops at the first
    /// locus where none of its members agrees, so the loci that rule most members out go first.
    /// </summary>
    public static void Scan(PackedBlock block, ReadOnlySpan<ushort> codes, int minimumShared, List<IdentityHit> hits, ReadOnlySpan<int> order = default)
    {
        if (codes.Length != block.Columns)
        {
            throw new ArgumentException($"expected {block.Columns} codes, got {codes.Length}", nameof(codes));
        }

        Span<int> typed = stackalloc int[codes.Length];
        var loci = 0;
        if (!order.IsEmpty && order.Length != codes.Length)
        {
            throw new ArgumentException($"expected an order of {codes.Length} columns, got {order.Length}", nameof(order));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            var l = order.IsEmpty ? i : order[i];
            if (codes[l] != ScanLayout.Untyped)
            {
                typed[loci++] = l;
            }
        }

        if (loci < minimumShared)
        {
            return;
        }

        var all = block.Codes.AsSpan();
        var tile = block.Columns * PackedBlock.TileWidth;
        for (var start = 0; start < block.Count; start += PackedBlock.TileWidth)
        {
            var group = all.Slice(start / PackedBlock.TileWidth * tile, tile);
            var agree = Vector128<ushort>.AllBitsSet;
            var shared = Vector128<ushort>.Zero;
            for (var i = 0; i < loci && agree != Vector128<ushort>.Zero; i++)
            {
                var l = typed[i];
                var member = Vector128.Create<ushort>(group.Slice(l * PackedBlock.TileWidth, PackedBlock.TileWidth));
                var same = Vector128.Equals(member, Vector128.Create(codes[l]));
                agree &= same | Vector128.Equals(member, Vector128.Create(ScanLayout.Untyped));
                // A lane equal to the profile is all ones: subtracting it counts one more locus shared.
                shared -= same;
            }

            for (var lane = 0; lane < PackedBlock.TileWidth && start + lane < block.Count; lane++)
            {
                if (agree[lane] != 0 && shared[lane] >= minimumShared)
                {
                    hits.Add(new IdentityHit(start + lane, shared[lane]));
                }
            }
        }
    }
}
