using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>
/// New profiles as rows of PostgreSQL's binary COPY format, written straight into bytes: every field is its length
/// and its UTF-8, so PostgreSQL scans no row for delimiters and escapes, and each string is encoded once. Npgsql's
/// binary importer cost nine typed writes a row, and its text import a row built in UTF-16 and encoded again.
/// </summary>
internal sealed class ProfileRows : IDisposable
{
    private const string Columns = "id, category, case_id, role, province, sex, loci, content_hash, bucket_hash";

    /// <summary>The session's staging table, emptied as each transaction ends (made once per connection).</summary>
    public const string Staging =
        "CREATE TEMP TABLE IF NOT EXISTS profile_staging (LIKE registry.profiles INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";

    public const string Copy = $"COPY pg_temp.profile_staging ({Columns}) FROM STDIN (FORMAT BINARY)";

    public const string Insert = $"INSERT INTO registry.profiles ({Columns}) SELECT {Columns} FROM pg_temp.profile_staging";

    private const short Fields = 9;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    /// <summary>Bytes written and not yet taken.</summary>
    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>The signature, no flags, no header extension.</summary>
    public void Header()
    {
        Reserve(19);
        "PGCOPY\n"u8.CopyTo(_buffer.AsSpan(Length));
        _buffer[Length + 7] = 0xFF;
        "\r\n\0"u8.CopyTo(_buffer.AsSpan(Length + 8));
        Length += 11;
        Int32(0);
        Int32(0);
    }

    /// <summary>The end of the rows: a field count of -1.</summary>
    public void Trailer()
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(Length), -1);
        Length += 2;
    }

    public void Add(ProfileRecord record)
    {
        var category = ProfileCategoryNames.Name(record.Category);
        var role = record.Role is { } r ? RoleNames.Name(r) : null;
        var caseId = record.CaseId;
        // At most: the field count, every field's length, an int, and three UTF-8 bytes a UTF-16 unit of the texts.
        Reserve(2 + (Fields * 4) + 4 + record.LociUtf8.Length + (3 * (record.Id.Length + category.Length + (caseId?.Length ?? 0)
            + (role?.Length ?? 0) + record.Province.Length + 1 + record.ContentHash.Length)));
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(Length), Fields);
        Length += 2;
        Text(record.Id);
        Text(category);
        Text(caseId);
        Text(role);
        Text(record.Province);
        Text(SexCodes.Text(record.Sex));
        Int32(record.LociUtf8.Length);
        record.LociUtf8.CopyTo(_buffer, Length);
        Length += record.LociUtf8.Length;
        Text(record.ContentHash);
        Int32(4);
        Int32(BucketHash.Of(record.BucketKey));
    }

    /// <summary>A text field: its UTF-8 length, then its UTF-8; -1 for null.</summary>
    private void Text(string? value)
    {
        if (value is null)
        {
            Int32(-1);
            return;
        }

        var length = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length + 4));
        Int32(length);
        Length += length;
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    private void Reserve(int bytes)
    {
        if (Length + bytes > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _buffer.Length, Length + bytes));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
