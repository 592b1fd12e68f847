using System.Security.Cryptography;
using System.Text;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// One registered profile as the registry keeps it: who it is (id, category, case and role for a family reference),
/// where it was taken (province), and its DNA (canonical loci, normalised alleles).
/// </summary>
public sealed record ProfileRecord(
    string Id,
    ProfileCategory Category,
    string? CaseId,
    Role? Role,
    string Province,
    Sex Sex,
    IReadOnlyDictionary<string, Genotype> Loci)
{
    /// <summary>A digest of everything but the id: the same id with the same hash is the same registration.</summary>
    public string ContentHash { get; } = Hash(Category, CaseId, Role, Province, Sex, Loci);

    public Profile ToProfile() => new(Sex, Loci);

    /// <summary>The key that places the profile in a bucket: a person by its own id, a reference by its case.</summary>
    public string BucketKey => Category == ProfileCategory.FamilyReference ? CaseId! : Id;

    private static string Hash(ProfileCategory category, string? caseId, Role? role, string province, Sex sex,
        IReadOnlyDictionary<string, Genotype> loci)
    {
        var text = new StringBuilder()
            .Append(ProfileCategoryNames.Name(category)).Append('|')
            .Append(caseId).Append('|')
            .Append(role is { } r ? RoleNames.Name(r) : "").Append('|')
            .Append(province).Append('|')
            .Append(sex == Sex.Male ? 'M' : 'F');
        foreach (var (locus, genotype) in loci.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(locus).Append('=').Append(genotype.First).Append(',').Append(genotype.Second);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
