using Matching.Client.Commands;

return await MatchingCommand.RunAsync(args, Console.Out, Console.Error);
