namespace Matching.Silo.Access;

/// <summary>The largest request body an endpoint reads: lab files (imports, streamed) and everything else.</summary>
public sealed class BodyLimitOptions
{
    public long Default { get; set; } = 30L * 1024 * 1024;

    public long Imports { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A limit as people say it: "30 MB", "2 GB".</summary>
    public static string Describe(long bytes) => bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MB"
        : $"{bytes:N0} bytes";
}
