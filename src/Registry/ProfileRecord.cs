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
    /// <summary>The loci in ordinal order of name, as the content hash and the database's JSON take them.</summary>
    public KeyValuePair<string, Genotype>[] SortedLoci { get; } = Sort(Loci);

    /// <summary>A digest of everything but the id: the same id with the same hash is the same registration.</summary>
    public string ContentHash => _contentHash ??= Hash(Category, CaseId, Role, Province, Sex, SortedLoci);

    private string? _contentHash;

    /// <summary>The loci as the database keeps them (<see cref="Stores.LociJson"/>).</summary>
    public string LociText => System.Text.Encoding.UTF8.GetString(LociUtf8);

    /// <summary><see cref="LociText"/> in UTF-8, as COPY sends it.</summary>
    public byte[] LociUtf8 => _lociUtf8 ??= Stores.LociJson.Utf8(SortedLoci);

    private byte[]? _lociUtf8;

    /// <summary>Why this record corrects the profile registered under its id: required of a correction, not part of the content.</summary>
    public string? CorrectionReason { get; init; }

    /// <summary>Who sent the record (the caller's subject, "key 12" or "oidc …"), kept with a correction in the profile's history.</summary>
    public string? SubmittedBy { get; init; }

    public Profile ToProfile() => new(Sex, Loci);

    /// <summary>The key that places the profile in a bucket: a person by its own id, a reference by its case.</summary>
    public string BucketKey => Category == ProfileCategory.FamilyReference ? CaseId! : Id;

    /// <summary>Loci in ordinal order of name: the one order the hash and the stored JSON use.</summary>
    internal static KeyValuePair<string, Genotype>[] Sort(IReadOnlyDictionary<string, Genotype> loci) =>
        loci is OrderedLoci ordered ? ordered.Items : new OrderedLoci([.. loci]).Items;

    [ThreadStatic]
    private static StringBuilder? _text;

    /// <summary>SHA-256 of "category|case|role|province|sex|locus=first,second|…" in UTF-8, as lower-case hex.</summary>
    private static string Hash(ProfileCategory category, string? caseId, Role? role, string province, Sex sex,
        KeyValuePair<string, Genotype>[] sortedLoci)
    {
        var text = (_text ??= new StringBuilder(1024)).Clear()
            .Append(ProfileCategoryNames.Name(category)).Append('|')
            .Append(caseId).Append('|')
            .Append(role is { } r ? RoleNames.Name(r) : "").Append('|')
            .Append(province).Append('|')
            .Append(SexCodes.Code(sex));
        foreach (var (locus, genotype) in sortedLoci)
        {
            text.Append('|').Append(locus).Append('=').Append(genotype.First).Append(',').Append(genotype.Second);
        }

        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = 0;
            foreach (var chunk in text.GetChunks())
            {
                length += Encoding.UTF8.GetBytes(chunk.Span, bytes.AsSpan(length));
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, length), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
