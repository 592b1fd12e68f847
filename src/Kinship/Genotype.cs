namespace Matching.Kinship;

/// <summary>An unordered pair of normalised allele labels at one autosomal locus; a homozygote repeats the allele.</summary>
public readonly record struct Genotype(string First, string Second)
{
    public static Genotype Of(string first, string second) =>
        string.CompareOrdinal(AlleleLabel.Normalize(first), AlleleLabel.Normalize(second)) <= 0
            ? new Genotype(AlleleLabel.Normalize(first), AlleleLabel.Normalize(second))
            : new Genotype(AlleleLabel.Normalize(second), AlleleLabel.Normalize(first));

    public bool IsHomozygous => First == Second;

    public override string ToString() => $"{First},{Second}";
}
