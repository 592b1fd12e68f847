namespace Matching.Kinship;

/// <summary>An unordered pair of normalised allele labels at one autosomal locus; a homozygote repeats the allele.</summary>
public readonly record struct Genotype(string First, string Second)
{
    public static Genotype Of(string first, string second)
    {
        var (a, b) = (AlleleLabel.Normalize(first), AlleleLabel.Normalize(second));
        return string.CompareOrdinal(a, b) <= 0 ? new Genotype(a, b) : new Genotype(b, a);
    }

    public bool IsHomozygous => First == Second;

    public override string ToString() => $"{First},{Second}";
}
