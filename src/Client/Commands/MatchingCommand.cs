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
            "import" => await Guarded("import", () => ImportCommand.RunAsync(args[1..], output, error), error),
            "matches" => await Guarded("matches", () => MatchesCommand.RunAsync(args[1..], output, error), error),
            "demo" => await Guarded("demo", () => DemoCommand.RunAsync(args[1..], output, error), error),
            "bench" => await Guarded("bench", () => BenchCommand.RunAsync(args[1..], output, error), error),
            "research" => await Guarded("research", () => ResearchCommand.RunAsync(args[1..], output, error), error),
            _ => await Unknown(args[0], error),
        };
    }

    /// <summary>A verb that talks to a registry: an unreachable server or a bad option is one line, not a stack trace.</summary>
    private static async Task<int> Guarded(string verb, Func<Task<int>> run, TextWriter error)
    {
        try
        {
            return await run();
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"matching {verb}: {e.Message}");
            return Usage;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"matching {verb}: the registry did not answer: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            await error.WriteLineAsync($"matching {verb}: {e.Message}");
            return 1;
        }
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
          import FILE...       register profiles with a registry: registration JSON lines (.jsonl), CODIS CMF
                               (.xml), or GeneMapper tables (.csv/.tsv/.txt) with --manifest FILE; rejected
                               records are listed with their reason (--report FILE writes them all as JSON
                               lines); exit 3 when some were rejected
          matches              the ranked matches of --profile ID, --case ID or --all [--min-lr X]
                               [--format table|jsonl]
          research             search every case again (after the silos restarted with a new frequency table,
                               θ or mutation model), in the background; shows progress until done unless
                               --no-wait [--reason TEXT] [--office NAME] [--id N: follow a research already started]
          demo                 start a registry in this process, register a synthetic population with planted
                               missing children, and show what the search found [--cases N] [--persons N]
          bench                load a synthetic registry straight into an in-process silo's buckets, time
                               searches end to end in both directions and print one JSON object
                               [--cases N] [--persons M] [--queries Q] [--loci L] [--no-pruning] [--seed S]

        import, matches and research talk to the registry at --server URL (default http://127.0.0.1:5080).
        """;
}
