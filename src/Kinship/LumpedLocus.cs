namespace Matching.Kinship;

/// <summary>
/// A locus reduced to the alleles a case shows plus one allele standing for all the others.
/// Exact for mutation models under which the unobserved alleles are exchangeable (none, equal,
/// proportional: every unobserved allele has the same row into the observed ones), and for θ
/// (a Dirichlet aggregates). The stepwise model depends on distances and is never lumped.
/// </summary>
internal static class LumpedLocus
{
    /// <summary>The lumped model, and for each allele of the full model its index in the lumped one.</summary>
    public static (LocusModel Model, int[] Map) Build(LocusModel full, IReadOnlyCollection<int> observed)
    {
        var n = full.N;
        var map = new int[n];
        Array.Fill(map, -1);
        var k = 0;
        foreach (var a in observed.Order())
        {
            map[a] = k++;
        }

        var hasOther = k < n;
        var lumped = hasOther ? k + 1 : k;
        var other = k;
        var p = new double[lumped];
        for (var a = 0; a < n; a++)
        {
            if (map[a] < 0)
            {
                map[a] = other;
            }

            p[map[a]] += full.P[a];
        }

        var male = Lump(full, full.Matrix[(int)Sex.Male], map, lumped, other, hasOther);
        var female = Lump(full, full.Matrix[(int)Sex.Female], map, lumped, other, hasOther);
        return (new LocusModel(null, p, male, female), map);
    }

    private static double[]? Lump(LocusModel full, double[]? m, int[] map, int lumped, int other, bool hasOther)
    {
        if (m is null)
        {
            return null;
        }

        var n = full.N;
        var result = new double[lumped * lumped];
        var otherMass = 0.0;
        for (var a = 0; a < n; a++)
        {
            var from = map[a];
            var weight = 1.0;
            if (hasOther && from == other)
            {
                // Rows of lumped alleles agree on a lumpable model; the frequency-weighted mean is that common row.
                weight = full.P[a];
                otherMass += weight;
            }

            for (var x = 0; x < n; x++)
            {
                result[(from * lumped) + map[x]] += weight * m[(a * n) + x];
            }
        }

        if (hasOther && otherMass > 0)
        {
            for (var x = 0; x < lumped; x++)
            {
                result[(other * lumped) + x] /= otherMass;
            }
        }

        return result;
    }
}
