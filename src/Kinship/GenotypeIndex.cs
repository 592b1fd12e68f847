namespace Matching.Kinship;

/// <summary>Unordered genotypes {i, j} of n alleles numbered 0 … n(n+1)/2 − 1; the scan kernel packs these numbers.</summary>
public static class GenotypeIndex
{
    public static int Count(int alleles) => alleles * (alleles + 1) / 2;

    public static int Of(int i, int j) => i <= j ? (j * (j + 1) / 2) + i : (i * (i + 1) / 2) + j;

    public static (int First, int Second) Alleles(int genotype)
    {
        var j = (int)((Math.Sqrt((8.0 * genotype) + 1) - 1) / 2);
        while (j * (j + 1) / 2 > genotype)
        {
            j--;
        }

        while ((j + 1) * (j + 2) / 2 <= genotype)
        {
            j++;
        }

        return (genotype - (j * (j + 1) / 2), j);
    }
}
