using System.Globalization;

namespace Matching.Silo.Pages.Shared;

/// <summary>How the pages write LRs, probabilities and genotypes, in the office's culture.</summary>
public static class Numbers
{
    public static string Lr(double? lr) => lr switch
    {
        null => "—",
        0 => "0",
        >= 1e4 or < 1e-3 => lr.Value.ToString("0.00E+0", CultureInfo.CurrentCulture),
        _ => lr.Value.ToString("#,0.###", CultureInfo.CurrentCulture),
    };

    public static string Probability(double? p) => p switch
    {
        null => "—",
        0 => "0",
        < 1e-3 => p.Value.ToString("0.0E+0", CultureInfo.CurrentCulture),
        _ => p.Value.ToString("0.0000", CultureInfo.CurrentCulture),
    };

    public static string Expected(double? n) => n switch
    {
        null => "—",
        < 1e-3 => n.Value.ToString("0.0E+0", CultureInfo.CurrentCulture),
        _ => n.Value.ToString("#,0.###", CultureInfo.CurrentCulture),
    };

    public static string Log10(double? x) => x is { } v ? v.ToString("0.00", CultureInfo.CurrentCulture) : "−∞";

    /// <summary>A genotype as forensic reports write it: the smaller allele first (8 / 11, 11 / 11.3, X / Y).</summary>
    public static string Genotype(string[]? alleles) => alleles is null
        ? "—"
        : string.Join(" / ", alleles.OrderBy(a => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.MaxValue)
            .ThenBy(a => a, StringComparer.Ordinal));

    public static string When(DateTimeOffset at) => at.ToLocalTime().ToString("g", CultureInfo.CurrentCulture);
}
