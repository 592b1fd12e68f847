namespace Matching.Kinship;

/// <summary>
/// One locus of a case, for every genotype g the missing person could have (GenotypeIndex over the table's alleles):
/// the LR of a candidate of genotype g, P(g) for an unrelated candidate (H2) and for the true missing person given the
/// references (H1), and P(references at this locus) in the case's pedigree, which <c>P(r | references)</c> of a relative
/// not yet typed is the ratio of. Under H1, P1(g) = LR(g) · P2(g).
/// </summary>
public sealed record LocusGenotypes(double[] Lr, double[] Unrelated, double[] TrueChild, double ReferencesLikelihood)
{
    /// <summary>From P(g, references) under H1 and under H2 for every g.</summary>
    public static LocusGenotypes FromLikelihoods(double[] h1, double[] h2)
    {
        var (sum1, sum2) = (h1.Sum(), h2.Sum());
        var lr = new double[h1.Length];
        var (unrelated, trueChild) = (new double[h1.Length], new double[h1.Length]);
        for (var g = 0; g < h1.Length; g++)
        {
            lr[g] = h2[g] == 0 ? double.NaN : h1[g] / h2[g];
            unrelated[g] = sum2 == 0 ? 0 : h2[g] / sum2;
            trueChild[g] = sum1 == 0 ? 0 : h1[g] / sum1;
        }

        return new LocusGenotypes(lr, unrelated, trueChild, sum2);
    }

    /// <summary>A missing person male or female with probability ½ each.</summary>
    public static LocusGenotypes EitherSex(LocusGenotypes male, LocusGenotypes female)
    {
        static double[] Mean(double[] a, double[] b) => [.. a.Select((x, i) => (x + b[i]) / 2)];
        return new LocusGenotypes(Mean(male.Lr, female.Lr), Mean(male.Unrelated, female.Unrelated), Mean(male.TrueChild, female.TrueChild),
            (male.ReferencesLikelihood + female.ReferencesLikelihood) / 2);
    }
}
