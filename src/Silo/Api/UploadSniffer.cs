namespace Matching.Silo.Api;

/// <summary>
/// Which format an upload is in: its declared content type where that names one, else its first character (after
/// any byte order mark and white space): { for registration JSON lines, &lt; for CODIS CMF. curl's default form type,
/// text/plain, text/csv and application/octet-stream say nothing about which it is; another type is one the
/// endpoint cannot read.
/// </summary>
public static class UploadSniffer
{
    private const int Peek = 256;

    public static bool Declares(string? contentType, out UploadFormat? format)
    {
        format = null;
        switch (MediaType(contentType))
        {
            case "multipart/form-data": format = UploadFormat.GeneMapper; return true;
            case "application/xml" or "text/xml": format = UploadFormat.Cmf; return true;
            case "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/json":
                format = UploadFormat.JsonLines;
                return true;
            case "" or "application/octet-stream" or "text/plain" or "text/csv" or "application/x-www-form-urlencoded":
                return true;
            default:
                return false;
        }
    }

    /// <summary>The format told from the first bytes, and a stream that still yields every byte of the upload.</summary>
    public static async Task<(UploadFormat? Format, Stream Body)> SniffAsync(Stream body, CancellationToken cancellationToken)
    {
        var start = new byte[Peek];
        var read = 0;
        while (read < start.Length && await body.ReadAsync(start.AsMemory(read), cancellationToken) is > 0 and var n)
        {
            read += n;
        }

        var prefixed = new PrefixedStream(start.AsMemory(0, read), body);
        return (Classify(start.AsSpan(0, read)), prefixed);
    }

    internal static UploadFormat? Classify(ReadOnlySpan<byte> start)
    {
        var step = 1;
        var at = 0;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            at = 3;
        }
        else if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            // UTF-16: every other byte is the character's (little-endian first, big-endian second).
            (at, step) = (start[0] == 0xFF ? 2 : 3, 2);
        }

        for (; at < start.Length; at += step)
        {
            switch (start[at])
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n': continue;
                case (byte)'{': return UploadFormat.JsonLines;
                case (byte)'<': return UploadFormat.Cmf;
                default: return null;
            }
        }

        return null;
    }

    public static string MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
}
