namespace Matching.Client.Commands;

/// <summary>The `matching` command line: one verb per registry task, each with its usage as the one definition of its options.</summary>
public static class MatchingCommand
{
    public const int Usage = 64;

    private sealed record Verb(string Name, string Usage, Func<string[], TextWriter, TextWriter, Task<int>> Run);

    private static readonly Verb[] Verbs =
    [
        new("import", ImportCommand.Usage, ImportCommand.RunAsync),
        new("matches", MatchesCommand.Usage, MatchesCommand.RunAsync),
        new("research", ResearchCommand.Usage, ResearchCommand.RunAsync),
        new("power", PowerCommand.Usage, PowerCommand.RunAsync),
        new("review", ReviewCommand.Usage, ReviewCommand.RunAsync),
        new("keys", KeysCommand.Usage, KeysCommand.RunAsync),
        new("audit", AuditCommand.Usage, AuditCommand.RunAsync),
        new("kinship", KinshipCommand.Usage, KinshipCommand.RunAsync),
    ];

    /// <summary>Every verb's usage under one heading: what `matching --help` prints and the README shows.</summary>
    public static string Help { get; } =
        "usage: matching <command> [options]        (from the repository: dotnet run --project src/Client -- <command>)\n\n" +
        string.Join("\n\n", Verbs.Select(v => v.Usage.TrimEnd())) + "\n\n" +
        $"import, matches, research, power, review, keys and audit talk to the registry at --server URL (default {RegistryClient.DefaultServer})\n" +
        $"with the key given by --key KEY, else MATCHING_KEY, else {RegistryClient.LocalAdminKey} (written by a registry's first start).\n" +
        "matching <command> --help shows one command's usage.";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Help);
            return args.Length == 0 ? Usage : 0;
        }

        if (Verbs.FirstOrDefault(v => v.Name == args[0]) is not { } verb)
        {
            await error.WriteLineAsync($"matching: unknown command '{args[0]}'\n\n{Help}");
            return Usage;
        }

        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            await output.WriteLineAsync(verb.Usage.TrimEnd());
            return 0;
        }

        return verb.Name == "kinship" ? await verb.Run(args[1..], output, error) : await Guarded(verb, args[1..], output, error);
    }

    /// <summary>A verb that talks to a registry: an unreachable server or a bad option is one line, not a stack trace.</summary>
    private static async Task<int> Guarded(Verb verb, string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return await verb.Run(args, output, error);
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"matching {verb.Name}: {e.Message}\n{verb.Usage.TrimEnd()}");
            return Usage;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"matching {verb.Name}: the registry did not answer: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"matching {verb.Name}: {e.Message}");
            return 1;
        }
    }
}
