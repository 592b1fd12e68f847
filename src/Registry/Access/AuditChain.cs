using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Matching.Registry.Access;

/// <summary>
/// The audit's hash chain: each row's hash is SHA-256 over the previous row's hash and the row's own fields, each
/// written as its UTF-8 length, a colon and its text, so no two rows read the same. PostgreSQL computes it as rows
/// are written (migration 015's trigger); this is the second, independent computation that checks it.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Hash(string previousHash, long id, DateTimeOffset at, AuditEntry entry)
    {
        var text = new StringBuilder();
        void Field(string value) => text.Append(Encoding.UTF8.GetByteCount(value)).Append(':').Append(value).Append(';');
        Field(previousHash);
        Field(id.ToString(CultureInfo.InvariantCulture));
        // Microseconds, as PostgreSQL keeps a timestamp.
        Field(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Field(entry.Subject);
        Field(entry.Role);
        Field(entry.Office);
        Field(entry.Provinces);
        Field(entry.ClientAddress);
        Field(entry.RequestId);
        Field(entry.Action);
        Field(string.Concat(entry.Ids.Select(i => $"{Encoding.UTF8.GetByteCount(i)}:{i}")));
        Field(entry.Rows.ToString(CultureInfo.InvariantCulture));
        Field(entry.Outcome.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Walks rows in id order to the first whose link or hash does not hold, or to the end.</summary>
    public static async Task<AuditVerdict> VerifyAsync(IAsyncEnumerable<AuditRow> rows, CancellationToken cancellationToken = default)
    {
        var previous = Genesis;
        long checkedRows = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (row.PreviousHash != previous)
            {
                return new AuditVerdict(checkedRows, row.Id, "its previous hash is not the hash of the row before it (a row before it was changed or removed)");
            }

            if (Hash(previous, row.Id, row.At, row.Entry) != row.Hash)
            {
                return new AuditVerdict(checkedRows, row.Id, "its fields no longer give its hash (the row was changed)");
            }

            previous = row.Hash;
            checkedRows++;
        }

        return new AuditVerdict(checkedRows, null, null);
    }
}
