using System.Text;

namespace Matching.Grains.Buckets;

/// <summary>An id as the buckets' open-addressing tables key it: its UTF-8 bytes, and their FNV-1a hash.</summary>
internal static class Utf8Id
{
    /// <summary>Room enough for <paramref name="id"/>'s UTF-8 bytes (a stackalloc's size).</summary>
    public static int MaxBytes(string id) => Encoding.UTF8.GetMaxByteCount(id.Length);

    /// <summary><paramref name="id"/>'s UTF-8 bytes, written into <paramref name="room"/>.</summary>
    public static Span<byte> Encode(string id, Span<byte> room) => room[..Encoding.UTF8.GetBytes(id, room)];

    public static uint Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
