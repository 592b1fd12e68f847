using Matching.Silo;
using Matching.Silo.Demo;

if (args is ["demo", ..])
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(DemoRun.Usage.TrimEnd());
        return 0;
    }

    try
    {
        return await DemoRun.RunAsync(args[1..], Console.Out, Console.Error);
    }
    catch (StartupException e)
    {
        Console.Error.WriteLine($"Matching.Silo demo: {e.Message}");
        return e.ExitCode;
    }
}

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
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    Console.Error.WriteLine($"Matching.Silo: {string.Join("; ", e.Failures)}");
    return StartupException.Configuration;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"Matching.Silo: {e.Message}");
    return 1;
}
