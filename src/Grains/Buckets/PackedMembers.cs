using System.Text;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// A bucket grain's packed members, in blocks by kind (a person's sex, a case's shape) and locus bucket key, with
/// an open-addressing index from id to (block, slot) that holds one int per entry. Replacing a member kills its old
/// slot and appends it where its new key puts it. A kind's members all have the same number of codes;
/// <paramref name="pack"/> makes a kind's blocks (given kind and columns), plain code blocks by default.
/// </summary>
/// <typeparam name="TKind">What sets a member's packing: a person's <see cref="Kinship.Sex"/>, a case's <see cref="CaseShape"/>.</typeparam>
internal sealed class PackedMembers<TKind>(Func<TKind, int, PackedBlock>? pack = null)
    where TKind : struct, Enum
{
    private const int Empty = -1;
    private const int SlotBits = 18;

    private readonly List<MemberBlock<TKind>> _blocks = [];
    private readonly Dictionary<(TKind Kind, int Key), int> _open = [];
    private int[] _index = [Empty, Empty, Empty, Empty, Empty, Empty, Empty, Empty];
    private int _entries;

    public IReadOnlyList<MemberBlock<TKind>> Blocks => _blocks;

    /// <summary>Members alive.</summary>
    public int Count { get; private set; }

    /// <summary>Where a live member sits, and its version.</summary>
    public bool TryFind(string id, out MemberBlock<TKind> block, out int slot)
    {
        var utf8 = Utf8Id.Encode(id, stackalloc byte[Utf8Id.MaxBytes(id)]);
        var at = Probe(utf8);
        if (_index[at] != Empty)
        {
            (block, slot) = (_blocks[_index[at] >> SlotBits], _index[at] & ((1 << SlotBits) - 1));
            if (!block.IsDead(slot))
            {
                return true;
            }
        }

        (block, slot) = (null!, -1);
        return false;
    }

    /// <summary>Whether <paramref name="version"/> is older than the version held.</summary>
    public bool IsStale(string id, int version) => TryFind(id, out var block, out var slot) && IsOlder(version, block.Version(slot));

    /// <summary>Versions are kept in 16 bits and wrap: compared in serial-number order.</summary>
    private static bool IsOlder(int version, ushort held) => (short)((ushort)version - held) < 0;

    public void Remove(string id)
    {
        if (TryFind(id, out var block, out var slot))
        {
            block.Kill(slot);
            Count--;
        }
    }

    /// <summary>
    /// Adds or replaces a member, unless the one held is newer: then nothing changes and it returns false. One probe
    /// of the index finds the old entry and is where the new one goes.
    /// </summary>
    public bool Upsert(string id, int version, TKind kind, int key, ReadOnlySpan<ushort> codes)
    {
        var utf8 = Utf8Id.Encode(id, stackalloc byte[Utf8Id.MaxBytes(id)]);
        // Linear probing slows sharply with load: a miss probes about 22 entries at 0.85 full, under 4 at 0.6, and
        // every new member of a bulk import is a miss. Grown before the probe, so that the entry found stays its own.
        if (_entries + 1 > _index.Length * 0.6)
        {
            Grow();
        }

        var at = Probe(utf8);
        if (_index[at] == Empty)
        {
            _entries++;
        }
        else
        {
            var (held, slot) = (_blocks[_index[at] >> SlotBits], _index[at] & ((1 << SlotBits) - 1));
            if (!held.IsDead(slot))
            {
                if (IsOlder(version, held.Version(slot)))
                {
                    return false;
                }

                held.Kill(slot);
                Count--;
            }
        }

        var block = OpenBlock(kind, key, codes.Length);
        _index[at] = (block.Number << SlotBits) | block.Add(utf8, (ushort)version, codes);
        Count++;
        return true;
    }

    private MemberBlock<TKind> OpenBlock(TKind kind, int key, int columns)
    {
        if (_open.TryGetValue((kind, key), out var number))
        {
            var block = _blocks[number];
            if (block.Count < (1 << SlotBits))
            {
                return block.Codes.Columns == columns ? block : throw new ArgumentException($"kind {kind} packs {block.Codes.Columns} codes, not {columns}");
            }
        }

        if (_blocks.Count >= 1 << (31 - SlotBits))
        {
            throw new InvalidOperationException($"a bucket holds at most {1 << (31 - SlotBits)} blocks; use more buckets or fewer anchor classes");
        }

        _blocks.Add(new MemberBlock<TKind>(_blocks.Count, kind, key, pack?.Invoke(kind, columns) ?? new PackedBlock(columns, PackedBlock.TileWidth)));
        _open[(kind, key)] = _blocks.Count - 1;
        return _blocks[^1];
    }

    /// <summary>The entry of an id: where it is, or the empty entry it would take.</summary>
    private int Probe(ReadOnlySpan<byte> utf8)
    {
        for (var at = (int)(Utf8Id.Hash(utf8) % (uint)_index.Length); ; at = at + 1 == _index.Length ? 0 : at + 1)
        {
            var entry = _index[at];
            if (entry == Empty || _blocks[entry >> SlotBits].IdBytes(entry & ((1 << SlotBits) - 1)).SequenceEqual(utf8))
            {
                return at;
            }
        }
    }

    private void Grow()
    {
        var old = _index;
        // Half as much again, not double: the index is an int per member, and a bucket may hold millions.
        _index = new int[old.Length + (old.Length / 2)];
        Array.Fill(_index, Empty);
        foreach (var entry in old)
        {
            if (entry != Empty)
            {
                _index[Probe(_blocks[entry >> SlotBits].IdBytes(entry & ((1 << SlotBits) - 1)))] = entry;
            }
        }
    }
}
