using System.Text;
using Matching.Kinship.Scan;

namespace Matching.Grains.Buckets;

/// <summary>
/// Members of one locus bucket key, packed for the kernel: their codes, their ids as fixed-width UTF-8, their
/// versions, and which slots are dead (replaced or withdrawn). No object per member.
/// </summary>
/// <typeparam name="TKind">What sets a member's packing: a person's <see cref="Kinship.Sex"/>, a case's <see cref="CaseShape"/>.</typeparam>
internal sealed class MemberBlock<TKind>
    where TKind : struct, Enum
{
    private byte[] _ids = [];
    private int _width;
    private ushort[] _versions = [];
    private ulong[] _dead = [];

    public MemberBlock(int number, TKind kind, int key, PackedBlock codes)
    {
        Number = number;
        Kind = kind;
        Key = key;
        Codes = codes;
    }

    /// <summary>The block's place in its bucket, as the id index records it.</summary>
    public int Number { get; }

    public TKind Kind { get; }

    public int Key { get; }

    public PackedBlock Codes { get; }

    public int Count => Codes.Count;

    public int Dead { get; private set; }


    public int Add(ReadOnlySpan<byte> id, ushort version, ReadOnlySpan<ushort> codes)
    {
        var slot = Count;
        if (id.Length > _width)
        {
            Widen(id.Length);
        }

        if ((slot + 1) * _width > _ids.Length)
        {
            var room = Math.Max(slot + 8, slot + (slot / 4));
            Array.Resize(ref _ids, room * _width);
            Array.Resize(ref _versions, room);
            Array.Resize(ref _dead, (room + 63) / 64);
        }

        id.CopyTo(_ids.AsSpan(slot * _width));
        _versions[slot] = version;
        Codes.Add(codes);
        return slot;
    }

    public ReadOnlySpan<byte> IdBytes(int slot)
    {
        var id = _ids.AsSpan(slot * _width, _width);
        var end = id.IndexOf((byte)0);
        return end < 0 ? id : id[..end];
    }

    public string Id(int slot) => Encoding.UTF8.GetString(IdBytes(slot));

    public ushort Version(int slot) => _versions[slot];

    public bool IsDead(int slot) => (_dead[slot >> 6] & (1UL << (slot & 63))) != 0;

    public void Kill(int slot)
    {
        if (!IsDead(slot))
        {
            _dead[slot >> 6] |= 1UL << (slot & 63);
            Dead++;
        }
    }

    private void Widen(int width)
    {
        var room = _width == 0 ? 0 : _ids.Length / _width;
        var wider = new byte[room * width];
        for (var s = 0; s < Count; s++)
        {
            _ids.AsSpan(s * _width, _width).CopyTo(wider.AsSpan(s * width));
        }

        (_ids, _width) = (wider, width);
    }
}
