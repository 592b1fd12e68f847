using System.Globalization;
using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>`matching review`: list reviews, read one with its history, move one, or print a candidate's match report (an office's key).</summary>
public static class ReviewCommand
{
    public const string Usage = """
        usage: matching review list [--state STATE] [--server URL] [--key KEY]
               matching review show CASE PERSON [--server URL] [--key KEY]
               matching review CASE PERSON --to STATE --reason TEXT [--assign WHO] [--relatives ROLE,ROLE] [--lab-reference REF] [--version N] [--server URL] [--key KEY]
               matching review report CASE PERSON [--server URL] [--key KEY]
            reviews of candidates, each a case and a person: STATE is candidate, under-review, assigned to --assign
            or by default to you; more-relatives-requested, naming them in --relatives; confirmed, with --lab-reference
            of the confirmatory test; excluded; or reunited, only once confirmed. Every move says why in --reason, and
            --version N refuses it if the review moved since you read version N. report prints the match report as JSON
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        using var client = RegistryClient.For(parsed);
        switch (parsed.Words)
        {
            case ["list"]:
                await output.WriteLineAsync($"{"case",-14} {"person",-14} {"state",-25} {"LR then",10} {"LR now",10}  changed");
                for (string? next = null; ;)
                {
                    var page = await client.ReviewsAsync(parsed.Text("--state"), next);
                    foreach (var review in page.Reviews)
                    {
                        await output.WriteLineAsync(Line(review));
                    }

                    if ((next = page.Next) is null)
                    {
                        return 0;
                    }
                }

            case ["show", var caseId, var profileId]:
                var read = await client.ReviewAsync(caseId, profileId);
                await output.WriteLineAsync(Line(read.Review));
                foreach (var e in read.History)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  v{e.Version} {e.At:yyyy-MM-dd HH:mm} {e.From} -> {e.To} by {e.Actor}{Details(e.AssignedTo, e.Relatives, e.LabReference)}: {e.Reason} (LR {Lr(e.Lr)})"));
                }

                return 0;
            case ["report", var caseId, var profileId]:
                var report = await client.ReportAsync(caseId, profileId);
                using (var document = JsonDocument.Parse(report))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
                }

                return 0;
            case [var caseId, var profileId] when parsed.Text("--to") is { } state:
                var relatives = parsed.Text("--relatives")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                var moved = await client.TransitionAsync(caseId, profileId, new ReviewRequestBody(state, parsed.Text("--reason") ?? "", parsed.Text("--assign"),
                    relatives, parsed.Text("--lab-reference"), parsed.Number("--version") is { } version ? (int)version : null));
                await output.WriteLineAsync(Line(moved));
                return 0;
            default:
                await error.WriteLineAsync(Usage.TrimEnd());
                return MatchingCommand.Usage;
        }
    }

    private static string Line(ReviewReply r)
    {
        var changed = r.Version == 0 ? "never reviewed"
            : string.Create(CultureInfo.InvariantCulture, $"v{r.Version} {r.ChangedAt:yyyy-MM-dd HH:mm} by {r.ChangedBy}{Details(r.AssignedTo, r.Relatives, r.LabReference)}: {r.Reason}");
        return $"{r.CaseId,-14} {r.ProfileId,-14} {r.State,-25} {Lr(r.LrAtChange),10} {Lr(r.LrNow),10}  {changed}";
    }

    private static string Details(string? assigned, List<string> relatives, string? labReference) =>
        (assigned is null ? "" : $", assigned to {assigned}") + (relatives.Count == 0 ? "" : $", asking for {string.Join(", ", relatives)}")
        + (labReference is null ? "" : $", lab reference {labReference}");

    private static string Lr(double? lr) => lr is { } value ? value.ToString("G4", CultureInfo.InvariantCulture) : "-";
}
