namespace Matching.Kinship;

/// <summary>A person's DNA profile: a genotype per typed locus (canonical names); untyped loci are absent.</summary>
public sealed record Profile(Sex Sex, IReadOnlyDictionary<string, Genotype> Loci)
{
    public Genotype? this[string locus] => Loci.TryGetValue(locus, out var genotype) ? genotype : null;
}
