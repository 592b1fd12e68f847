using System.Text;

namespace Matching.Registry;

/// <summary>
/// A hash of a key that never changes between processes or versions (string.GetHashCode does), so that a profile
/// stays in the same bucket after a restart and the database can select a bucket's members.
/// </summary>
public static class BucketHash
{
    public static int Of(string key)
    {
        // FNV-1a over UTF-8, folded to a non-negative int. Every imported profile is hashed: no array for its bytes.
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var hash = 2166136261u;
        foreach (var b in utf8[..Encoding.UTF8.GetBytes(key, utf8)])
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }
}
