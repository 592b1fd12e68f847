using System.Globalization;

namespace Matching.Registry.Stores;

/// <summary>
/// Where a page of matches ends, in their order (LR descending, then person, then case): the next page starts after
/// it, so pages neither skip nor repeat a match when others are stored meanwhile. Opaque to callers.
/// </summary>
public sealed record MatchCursor(double Lr, string ProfileId, string CaseId)
{
    public string Encode() => PageCursor.Encode(Lr.ToString("R", CultureInfo.InvariantCulture), ProfileId, CaseId);

    /// <summary>The cursor a client handed back; null when it is not one this registry wrote.</summary>
    public static MatchCursor? Decode(string text) =>
        PageCursor.Decode(text, 3) is [var lr, var profileId, var caseId] && double.TryParse(lr, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? new MatchCursor(value, profileId, caseId)
            : null;
}
