using System.Buffers.Text;
using System.Text;

namespace Matching.Registry.Stores;

/// <summary>
/// Where a page ends, as the API hands it back: the sort key's parts, one a line, in base64url. Opaque to callers;
/// every paged list encodes its cursor here.
/// </summary>
public static class PageCursor
{
    public static string Encode(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    /// <summary>The parts of a cursor this registry wrote with <paramref name="count"/> parts; null for any other text.</summary>
    public static string[]? Decode(string text, int count)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
            return parts.Length == count ? parts : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
