using System.Globalization;

namespace Matching.Kinship;

/// <summary>Allele labels are kept as text and compared as numbers where they parse: "10" = "10.0".</summary>
public static class AlleleLabel
{
    /// <summary>The one spelling of an allele: a plain decimal ("9.3", "10") or the upper-cased label ("OL", "X").</summary>
    public static string Normalize(string label)
    {
        var trimmed = label.Trim();
        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value.ToString("0.##########", CultureInfo.InvariantCulture);
        }

        return trimmed.ToUpperInvariant();
    }

    /// <summary>The repeat number of a numeric allele, for the stepwise mutation model.</summary>
    public static bool TryRepeats(string normalized, out double repeats) =>
        double.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out repeats);

    public static bool IsWellFormed(string label)
    {
        var trimmed = label.Trim();
        if (trimmed.Length is 0 or > 12)
        {
            return false;
        }

        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value is > 0 and < 1000;
        }

        // Named alleles: off-ladder and the sex chromosomes; anything else is a typo in a lab export.
        return trimmed.ToUpperInvariant() is "OL" or "X" or "Y";
    }
}
