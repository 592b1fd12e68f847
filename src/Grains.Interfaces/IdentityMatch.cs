using Matching.Kinship;

namespace Matching.Grains;

/// <summary>A registered profile identical to another at every locus both are typed at: possibly the same person twice.</summary>
[GenerateSerializer, Alias("matching.identity-match")]
public sealed record IdentityMatch(string ProfileId, int SharedLoci)
{
    /// <summary>The loci both profiles are typed at, if they agree at all of them; null at the first that differs.</summary>
    public static int? Shared(Profile one, Profile other)
    {
        var shared = 0;
        foreach (var (locus, genotype) in one.Loci)
        {
            if (other.Loci.TryGetValue(locus, out var held))
            {
                if (held != genotype)
                {
                    return null;
                }

                shared++;
            }
        }

        return shared;
    }
}
