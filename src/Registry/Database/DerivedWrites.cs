using Npgsql;

namespace Matching.Registry.Database;

/// <summary>
/// Results are derived data: a crash that loses the last few completions leaves those searches pending, and the
/// sweep computes them again. So they commit without waiting for the WAL flush (registrations always wait): the
/// setting goes first in the batch of a transaction's first statement, no round trip of its own.
/// </summary>
internal static class DerivedWrites
{
    public static NpgsqlBatchCommand Setting() => new("SET LOCAL synchronous_commit = off");

    /// <summary>Reads the rows of a batch whose first statements return none (<see cref="Setting"/>).</summary>
    public static async Task<NpgsqlDataReader> RowsAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (reader.FieldCount == 0 && await reader.NextResultAsync(cancellationToken))
        {
        }

        return reader;
    }
}
