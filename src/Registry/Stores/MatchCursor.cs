using System.Globalization;
using System.Text;

namespace Matching.Registry.Stores;

/// <summary>
/// Where a page of matches ends, in their order (LR descending, then person, then case): the next page starts after
/// it, so pages neither skip nor repeat a match when others are stored meanwhile. Opaque to callers.
/// </summary>
public sealed record MatchCursor(double Lr, string ProfileId, string CaseId)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Lr:R}\n{ProfileId}\n{CaseId}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The cursor a client handed back; null (and a reason) when it is not one this registry wrote.</summary>
    public static MatchCursor? Decode(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('\n');
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
