using System.Text;

namespace Matching.Grains.Buckets;

/// <summary>
/// Ids numbered 0, 1, 2, … in the order first seen: the ids' UTF-8 bytes end to end in one arena, and an
/// open-addressing table of numbers over it, keyed as the packed members' index keys ids (<see cref="Utf8Id"/>). No object per id: a million ids cost their bytes and about twelve more
/// each, where a dictionary keyed by string cost a string object and an entry each (about seventy bytes).
/// Numbers are never taken back.
/// </summary>
public sealed class Utf8Numbers
{
    private const int Empty = 0;

    private byte[] _arena = new byte[256];
    private int[] _starts = new int[17];
    private int[] _table = new int[16];

    public int Count { get; private set; }

    /// <summary>The number of <paramref name="id"/>, or −1 when it has none.</summary>
    public int Find(string id)
    {
        var utf8 = Utf8Id.Encode(id, stackalloc byte[Utf8Id.MaxBytes(id)]);
        return _table[Probe(utf8)] - 1;
    }

    /// <summary>The number of <paramref name="id"/>, given it now when it has none.</summary>
    public int Number(string id)
    {
        var utf8 = Utf8Id.Encode(id, stackalloc byte[Utf8Id.MaxBytes(id)]);
        // At most half full: a miss then probes about two and a half entries.
        if (2 * (Count + 1) > _table.Length)
        {
            Grow();
        }

        var at = Probe(utf8);
        if (_table[at] != Empty)
        {
            return _table[at] - 1;
        }

        var used = _starts[Count];
        if (used + utf8.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(used + utf8.Length, _arena.Length + (_arena.Length / 2)));
        }

        if (Count + 2 > _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length + (_starts.Length / 2));
        }

        utf8.CopyTo(_arena.AsSpan(used));
        _starts[Count + 1] = used + utf8.Length;
        _table[at] = ++Count;
        return Count - 1;
    }

    /// <summary>The id numbered <paramref name="number"/>.</summary>
    public string Id(int number) => Encoding.UTF8.GetString(Bytes(number));

    private ReadOnlySpan<byte> Bytes(int number) => _arena.AsSpan(_starts[number], _starts[number + 1] - _starts[number]);

    /// <summary>The entry holding <paramref name="utf8"/>, or the empty entry where it would go.</summary>
    private int Probe(ReadOnlySpan<byte> utf8)
    {
        var mask = _table.Length - 1;
        for (var at = (int)(Utf8Id.Hash(utf8) & (uint)mask); ; at = (at + 1) & mask)
        {
            if (_table[at] == Empty || Bytes(_table[at] - 1).SequenceEqual(utf8))
            {
                return at;
            }
        }
    }

    private void Grow()
    {
        _table = new int[2 * _table.Length];
        var mask = _table.Length - 1;
        for (var number = 0; number < Count; number++)
        {
            var at = (int)(Utf8Id.Hash(Bytes(number)) & (uint)mask);
            while (_table[at] != Empty)
            {
                at = (at + 1) & mask;
            }

            _table[at] = number + 1;
        }
    }
}
