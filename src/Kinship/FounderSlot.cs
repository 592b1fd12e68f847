namespace Matching.Kinship;

internal enum FounderSlotKind
{
    Genotype,
    Allele,
}

/// <summary>A founder of the template under θ: a genotype that heads a sibship, or a partner's one transmitted allele.</summary>
internal sealed record FounderSlot(FounderSlotKind Kind, double[] Prior, int Typed, bool Relevant, Sex Sex)
{
    public static FounderSlot Genotype(double[] prior, int typed, bool relevant) =>
        new(FounderSlotKind.Genotype, prior, typed, relevant || typed != TemplateLocus.Untyped, Sex.Male);

    public static FounderSlot Allele(double[] prior, Sex sex) => new(FounderSlotKind.Allele, prior, TemplateLocus.Untyped, true, sex);
}
