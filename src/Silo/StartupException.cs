namespace Matching.Silo;

/// <summary>
/// Why a silo cannot start, in one line for the operator, with the process's exit code (sysexits: 66 an input file
/// missing or unreadable, 69 PostgreSQL unreachable, 73 a folder that cannot be made, 75 a port in use, 78 settings
/// that differ from the cluster's).
/// </summary>
public sealed class StartupException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public const int NoInput = 66;
    public const int Unavailable = 69;
    public const int CannotCreate = 73;
    public const int PortInUse = 75;
    public const int Configuration = 78;

    public int ExitCode { get; } = exitCode;
}
