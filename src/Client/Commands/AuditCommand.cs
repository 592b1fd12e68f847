using System.Globalization;

namespace Matching.Client.Commands;

/// <summary>`matching audit`: check the audit's hash chain, or read its rows (an auditor's or a national administrator's key).</summary>
public static class AuditCommand
{
    /// <summary>The exit code of a chain that does not hold.</summary>
    public const int Broken = 1;

    public const string Usage = """
        usage: matching audit verify [--server URL] [--key KEY]
               matching audit list [--subject ID] [--actor WHO] [--from TIME] [--to TIME] [--server URL] [--key KEY]
            verify recomputes the audit's hash chain: exit 0 when it holds, 1 naming the first row that breaks it;
            list prints the audit's rows (every row about an id, by a caller such as "key 3", between two times)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        using var client = RegistryClient.For(parsed);
        switch (parsed.Words)
        {
            case ["verify"]:
                var verdict = await client.VerifyAuditAsync();
                if (verdict.Holds)
                {
                    await output.WriteLineAsync($"audit: the chain holds over {verdict.RowsChecked:N0} rows");
                    return 0;
                }

                await output.WriteLineAsync($"audit: the chain is broken at row {verdict.BrokenRow}: {verdict.Reason} ({verdict.RowsChecked:N0} rows before it hold)");
                return Broken;
            case ["list"]:
                var filters = new[] { "--subject", "--actor", "--from", "--to" }
                    .Where(parsed.Has).Select(o => $"{o[2..]}={Uri.EscapeDataString(parsed.Text(o)!)}").ToList();
                for (string? next = null; ;)
                {
                    var query = "?" + string.Join("&", filters.Append("limit=1000").Concat(next is null ? [] : [$"after={next}"]));
                    var page = await client.AuditAsync(query);
                    foreach (var row in page.Rows)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{row.Id,8} {row.At:yyyy-MM-dd HH:mm:ss} {row.Outcome} {row.Subject} ({row.Role}, {row.Office}) {row.Action} [{string.Join(", ", row.Ids)}] {row.Rows} rows from {row.ClientAddress}"));
                    }

                    if ((next = page.Next) is null)
                    {
                        return 0;
                    }
                }

            default:
                await error.WriteLineAsync(Usage.TrimEnd());
                return MatchingCommand.Usage;
        }
    }
}
