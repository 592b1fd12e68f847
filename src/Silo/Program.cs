using Matching.Silo;

if (SiloOptions.Parse(args, Console.Error) is not { } options)
{
    return args.Contains("--help") || args.Contains("-h") ? 0 : SiloOptions.UsageExitCode;
}

try
{
    await using var host = await RegistryHost.StartAsync(options, Console.Out);
    await host.WaitForShutdownAsync();
    return 0;
}
catch (StartupException e)
{
    Console.Error.WriteLine($"Matching.Silo: {e.Message}");
    return e.ExitCode;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"Matching.Silo: {e.Message}");
    return 1;
}
