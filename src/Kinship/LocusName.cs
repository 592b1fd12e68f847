namespace Matching.Kinship;

/// <summary>One canonical spelling per locus, whatever the kit or the lab wrote.</summary>
public static class LocusName
{
    private static readonly string[] Canonical =
    [
        "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51", "D21S11", "FGA",
        "TH01", "TPOX", "vWA", "D1S1656", "D2S441", "D2S1338", "D10S1248", "D12S391", "D19S433", "D22S1045",
        "Penta C", "Penta D", "Penta E", "D6S1043", "SE33", "F13A01", "F13B", "FESFPS", "LPL",
        "D2S1360", "D3S1744", "D4S2366", "D5S2500", "D6S474", "D7S1517", "D8S1132", "D9S1122", "D10S1435",
        "D10S2325", "D11S554", "APOAI1", "D14S1434", "D17S906", "D17S1301", "D20S482", "D21S2055",
    ];

    private static readonly Dictionary<string, string> ByKey = BuildKeys();

    // Labs write the canonical spelling nearly always: found as given, a name is not normalised character by character.
    private static readonly Dictionary<string, string> AsSpelled = Canonical.ToDictionary(name => name, StringComparer.Ordinal);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AsSpelledSpan =
        AsSpelled.GetAlternateLookup<ReadOnlySpan<char>>();

    // Every locus of every imported record is looked up: by span, so that the key is never a new string.
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan = ByKey.GetAlternateLookup<ReadOnlySpan<char>>();

    // A reader hands most names over as the canonical string itself (AsCanonical): known by identity, in a slot
    // picked from the length and three characters, without hashing the name. No two canonical names share a slot
    // (tested); were one added that did, the first would keep it and the other be found by the dictionary.
    private static readonly string?[] Identity = BuildIdentity();

    private static string?[] BuildIdentity()
    {
        var slots = new string?[256];
        foreach (var name in Canonical)
        {
            slots[Slot(name)] ??= name;
        }

        return slots;
    }

    // Each slot's name's place among the canonical names in ordinal order.
    private static readonly int[] IdentityRank = BuildRanks();

    private static int[] BuildRanks()
    {
        var ordered = Canonical.Order(StringComparer.Ordinal).ToList();
        return [.. Identity.Select(name => name is null ? -1 : ordered.IndexOf(name))];
    }

    /// <summary>
    /// A canonical string's place among the canonical names in ordinal order, so that loci sort by a number; -1 for
    /// any other string (an equal copy included).
    /// </summary>
    public static int OrdinalRank(string name) => ReferenceEquals(Identity[Slot(name)], name) ? IdentityRank[Slot(name)] : -1;

    private static int Slot(ReadOnlySpan<char> name) => name.Length < 2 ? 0 : (name.Length + (name[1] * 21) + (name[^2] * 7) + name[^1]) & 255;

    /// <summary>How many canonical names have a slot of their own (all of them, unless a new name collides).</summary>
    internal static int NamesKnownByIdentity => Canonical.Count(name => ReferenceEquals(Identity[Slot(name)], name));

    internal static IReadOnlyList<string> CanonicalNames => Canonical;

    /// <summary>The sex marker: read as sex, never used in a kinship LR.</summary>
    public const string Amelogenin = "AMEL";

    private static Dictionary<string, string> BuildKeys()
    {
        var keys = Canonical.ToDictionary(Key, name => name, StringComparer.Ordinal);
        keys["THO1"] = "TH01";
        keys["PENTAC"] = "Penta C";
        keys["F13A1"] = "F13A01";
        keys["AMEL"] = Amelogenin;
        keys["AMELOGENIN"] = Amelogenin;
        keys["AM"] = Amelogenin;
        return keys;
    }

    private static string Key(string name)
    {
        Span<char> buffer = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
        return new string(Key(name, buffer));
    }

    private static ReadOnlySpan<char> Key(string name, Span<char> buffer)
    {
        var length = 0;
        foreach (var c in name)
        {
            if (c is ' ' or '_' or '-' or '.' or '\t')
            {
                continue;
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        return buffer[..length];
    }

    /// <summary>
    /// The canonical name of a known locus, or null when the name is not one we know. Always the one string of that
    /// locus, so that two names are the same locus exactly when their canonical strings are the same object.
    /// </summary>
    public static string? TryCanonical(string? name)
    {
        if (name is null or "")
        {
            return null;
        }

        if (ReferenceEquals(Identity[Slot(name)], name))
        {
            return name;
        }

        if (AsSpelled.TryGetValue(name, out var spelled))
        {
            return spelled;
        }

        Span<char> buffer = name.Length <= 64 ? stackalloc char[name.Length] : new char[name.Length];
        return BySpan.TryGetValue(Key(name, buffer), out var canonical) ? canonical : null;
    }

    /// <summary>The canonical string of a name spelled exactly as canonical, else null: lets a reader skip allocating it.</summary>
    public static string? AsCanonical(ReadOnlySpan<char> name) =>
        name.Length >= 2 && Identity[Slot(name)] is { } candidate && name.SequenceEqual(candidate) ? candidate
        : AsSpelledSpan.TryGetValue(name, out var canonical) ? canonical : null;

    /// <summary>The canonical name where known, else the name as given (trimmed): a table may carry loci we do not list.</summary>
    public static string Normalize(string name) => TryCanonical(name) ?? name.Trim();
}
