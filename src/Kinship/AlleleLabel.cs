using System.Globalization;
using System.Numerics;

namespace Matching.Kinship;

/// <summary>Allele labels are kept as text and compared as numbers where they parse: "10" = "10.0".</summary>
public static class AlleleLabel
{
    /// <summary>The one spelling of an allele: a plain decimal ("9.3", "10") or the upper-cased label ("OL", "X").</summary>
    public static string Normalize(string label)
    {
        if (CommonCode(label) >= 0)
        {
            return label; // "15", "9.3": already the one spelling, known without trimming or parsing
        }

        var trimmed = label.Trim();
        if (IsPlainNumber(trimmed))
        {
            // Most labels ("15", "9.3") are already in their one spelling; parsing and formatting them costs a microsecond.
            return trimmed;
        }

        if (decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value.ToString("0.##########", CultureInfo.InvariantCulture);
        }

        return trimmed.ToUpperInvariant();
    }

    /// <summary>The repeat number of a numeric allele, for the stepwise mutation model.</summary>
    public static bool TryRepeats(string normalized, out double repeats) =>
        double.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out repeats);

    /// <summary>How many labels <see cref="CommonCode"/> numbers.</summary>
    public const int CommonCodes = 400;

    /// <summary>
    /// A number for the labels nearly every allele is spelled with, "1" to "99" and "1.1" to "99.3" written plainly
    /// (no leading zero): repeats × 4 + the fraction. -1 for any other label. Two labels have one number only when
    /// they are the same text, so a table can be read by it instead of hashing the label.
    /// </summary>
    public static int CommonCode(string label) => CommonCode(label.AsSpan());

    /// <summary><see cref="CommonCode(string)"/> of a label's UTF-16 or its UTF-8.</summary>
    public static int CommonCode<T>(ReadOnlySpan<T> label)
        where T : IBinaryInteger<T>
    {
        var (repeats, i) = (0, 0);
        for (; i < label.Length && i < 2 && int.CreateTruncating(label[i]) is >= '0' and <= '9' and var digit; i++)
        {
            repeats = (repeats * 10) + digit - '0';
        }

        if (i == 0 || int.CreateTruncating(label[0]) == '0')
        {
            return -1;
        }

        if (i == label.Length)
        {
            return repeats * 4;
        }

        return label.Length == i + 2 && int.CreateTruncating(label[i]) == '.' && int.CreateTruncating(label[i + 1]) is >= '1' and <= '3' and var fraction
            ? (repeats * 4) + fraction - '0'
            : -1;
    }

    public static bool IsWellFormed(string label)
    {
        if (CommonCode(label) >= 0)
        {
            return true;
        }

        var trimmed = label.Trim();
        if (IsPlainNumber(trimmed))
        {
            var whole = trimmed.IndexOf('.') is var dot and >= 0 ? dot : trimmed.Length;
            return whole <= 3 && trimmed != "0";
        }

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

    /// <summary>Digits, then at most one '.' and digits not ending in 0, no leading zero: the spelling Normalize gives a number.</summary>
    private static bool IsPlainNumber(string s)
    {
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == 0 || i > 12 || (s[0] == '0' && i > 1))
        {
            return false;
        }

        if (i == s.Length)
        {
            return true;
        }

        if (s[i] != '.' || i == s.Length - 1 || s[^1] == '0')
        {
            return false;
        }

        for (var j = i + 1; j < s.Length; j++)
        {
            if (!char.IsAsciiDigit(s[j]))
            {
                return false;
            }
        }

        return s.Length <= 12;
    }
}
