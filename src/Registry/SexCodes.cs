using Matching.Kinship;

namespace Matching.Registry;

/// <summary>A sex as the registry stores and shows it: one letter, M, F or U (unknown).</summary>
public static class SexCodes
{
    public static char Code(Sex sex) => sex switch
    {
        Sex.Male => 'M',
        Sex.Female => 'F',
        _ => 'U',
    };

    public static string Text(Sex sex) => sex switch
    {
        Sex.Male => "M",
        Sex.Female => "F",
        _ => "U",
    };

    public static Sex Parse(char code) => code switch
    {
        'M' => Sex.Male,
        'F' => Sex.Female,
        _ => Sex.Unknown,
    };

    /// <summary>A sex as a lab writes it: M, F, male, female, U or unknown in any case; empty is null (not given).</summary>
    public static bool TryParse(string? text, out Sex? sex)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "": sex = null; return true;
            case "M" or "MALE": sex = Sex.Male; return true;
            case "F" or "FEMALE": sex = Sex.Female; return true;
            case "U" or "UNKNOWN": sex = Sex.Unknown; return true;
            default: sex = null; return false;
        }
    }

    public static string Describe(Sex sex) => sex switch
    {
        Sex.Male => "male",
        Sex.Female => "female",
        _ => "of unknown sex",
    };
}
