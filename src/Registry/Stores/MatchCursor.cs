using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Matching.Registry.Stores;

/// <summary>
/// Where a page of matches ends, in their order (LR descending, then person, then case): the next page starts after
/// it, so pages neither skip nor repeat a match when others are stored meanwhile. Opaque to callers.
/// </summary>
public sealed record MatchCursor(double Lr, string ProfileId, string CaseId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Lr:R}\n{ProfileId}\n{CaseId}")));

    /// <summary>The cursor a client handed back; null (and a reason) when it is not one this registry wrote.</summary>
    public static MatchCursor? Decode(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('\n');
            return parts.Length == 3 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lr)
                ? new MatchCursor(lr, parts[1], parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
