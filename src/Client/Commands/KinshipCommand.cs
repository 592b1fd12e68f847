using Matching.Kinship;
using Matching.Kinship.Contract;
using Matching.Kinship.Power;

namespace Matching.Client.Commands;

/// <summary>`matching kinship INPUT.json`: the contract's case LRs, one result per case.</summary>
public static class KinshipCommand
{
    public const int UnusableInput = 2;

    public const string Usage = """
        usage: matching kinship INPUT.json
            the case LRs of a kinship-contract input file (- reads standard input), printed as the contract's output
            JSON; exit 2 when the file is unusable
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1)
        {
            await error.WriteLineAsync(Usage);
            return MatchingCommand.Usage;
        }

        var path = args[0];
        KinshipRequest request;
        try
        {
            await using var input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            request = KinshipRequestReader.Read(input, path == "-" ? "standard input" : path);
        }
        catch (Exception e) when (e is KinshipInputException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"matching kinship: {e.Message}");
            return UnusableInput;
        }

        KinshipEngine engine;
        try
        {
            engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        }
        catch (Exception e) when (e is ArgumentException or FrequencyTableException)
        {
            await error.WriteLineAsync($"matching kinship: {path}: {e.Message}");
            return UnusableInput;
        }

        var results = new (CaseResult, CasePower?)[request.Cases.Count];
        Parallel.For(0, results.Length, i =>
        {
            var requested = request.Cases[i];
            results[i] = requested.Case is { } kinshipCase ? Evaluate(engine, kinshipCase, request.Power) : (CaseResult.Failed(requested.Id, requested.Error!), null);
        });

        using var buffer = new MemoryStream();
        KinshipResponseWriter.Write(buffer, results);
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        return 0;
    }

    private static (CaseResult, CasePower?) Evaluate(KinshipEngine engine, KinshipCase kinshipCase, PowerRequest? power)
    {
        try
        {
            var result = engine.Evaluate(kinshipCase);
            if (power is null || result.Error is not null)
            {
                return (result, null);
            }

            return (result, CasePowerCalculator.Power(engine, kinshipCase, power.Thresholds, power.Draws, power.Seed));
        }
        catch (FrequencyTableException e)
        {
            return (CaseResult.Failed(kinshipCase.Id, $"case {kinshipCase.Id}: {e.Message}"), null);
        }
    }
}
