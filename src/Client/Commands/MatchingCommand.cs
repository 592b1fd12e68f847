namespace Matching.Client.Commands;

/// <summary>The `matching` command line: one verb per registry task.</summary>
public static class MatchingCommand
{
    public const int Usage = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Help);
            return args.Length == 0 ? Usage : 0;
        }

        return args[0] switch
        {
            "kinship" => await KinshipCommand.RunAsync(args[1..], output, error),
            _ => await Unknown(args[0], error),
        };
    }

    private static async Task<int> Unknown(string verb, TextWriter error)
    {
        await error.WriteLineAsync($"matching: unknown command '{verb}'\n\n{Help}");
        return Usage;
    }

    public const string Help = """
        usage: matching <command> [options]

        commands:
          kinship INPUT.json   compute the case LRs of a kinship-contract input file (- reads standard input)
                               and print the contract's output JSON; exit 2 when the file is unusable
        """;
}
