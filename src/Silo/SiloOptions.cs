using System.Globalization;
using Matching.Kinship;

namespace Matching.Silo;

/// <summary>How a silo is started: from the command line, with defaults that work on a fresh machine.</summary>
public sealed class SiloOptions
{
    /// <summary>The registry's own defaults: a silo's option that configures the registry takes its default from there.</summary>
    private static readonly Grains.RegistryOptions RegistryDefaults = new();

    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The exit code of a command line that cannot be used (sysexits EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    /// <summary>Where the HTTP API listens.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The registry's data folder: the embedded PostgreSQL cluster lives here.</summary>
    public string DataFolder { get; set; } = ".matching";

    /// <summary>A PostgreSQL connection string; without one the silo runs its own cluster under the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database the embedded cluster holds the registry in.</summary>
    public string Database { get; set; } = "matching";

    /// <summary>No database at all: nothing survives the process.</summary>
    public bool InMemory { get; set; }

    /// <summary>An allele frequency table (CSV or Familias); the shipped East Asia table by default.</summary>
    public string? Frequencies { get; set; }

    public MutationModel Mutation { get; set; } = MutationModel.RegistryDefault;

    public double Theta { get; set; }

    public double ReportingThreshold { get; set; } = RegistryDefaults.ReportingThreshold;

    public int Buckets { get; set; } = RegistryDefaults.Buckets;

    public int MinimumLoci { get; set; } = RegistryDefaults.MinimumLoci;

    /// <summary>Locus bucket pruning (on by default; off makes every search exhaustive).</summary>
    public bool Pruning { get; set; } = RegistryDefaults.Pruning;

    /// <summary>The anchor loci of the locus bucket keys; null keeps the registry's default.</summary>
    public IReadOnlyList<string>? AnchorLoci { get; set; }

    public int AnchorClasses { get; set; } = RegistryDefaults.AnchorClasses;

    /// <summary>How often the submission stream is polled (default 2 ms): lower is faster searches and more idle CPU.</summary>
    public TimeSpan StreamPoll { get; set; } = RegistrySilo.DefaultStreamPoll;

    /// <summary>The loci members are packed at; null keeps the registry's default.</summary>
    public IReadOnlyList<string>? ScanLoci { get; set; }

    /// <summary>Searches started and unfinished at once; 0 holds every search owed in PostgreSQL (an import measured alone).</summary>
    public int SearchesInFlight { get; set; } = RegistryDefaults.SearchesInFlight;

    public int SearchBatch { get; set; } = RegistryDefaults.SearchBatch;

    /// <summary>Failed attempts at one search before it is parked with its last error.</summary>
    public int MaxSearchFailures { get; set; } = RegistryDefaults.MaxSearchFailures;

    /// <summary>The prior probability that a case's missing child is registered at all, for every posterior stated.</summary>
    public double PriorRegistered { get; set; } = RegistryDefaults.PriorRegistered;

    /// <summary>
    /// Services replaced after the registry's own are added: for the benchmarks only (the audit benchmark measures a
    /// silo whose audit writes nothing). Not on the command line.
    /// </summary>
    internal Action<IServiceCollection>? ServiceOverrides { get; set; }

    /// <summary>Failed sign-ins from one address in a minute before its requests with credentials are answered 429.</summary>
    public int SignInFailures { get; set; } = Access.SignInThrottle.DefaultFailuresPerMinute;

    /// <summary>The largest request body of an endpoint other than imports.</summary>
    public long BodyLimit { get; set; } = new Access.BodyLimitOptions().Default;

    /// <summary>The largest lab file one import takes.</summary>
    public long ImportBodyLimit { get; set; } = new Access.BodyLimitOptions().Imports;

    /// <summary>The wait before a failed webhook's second attempt; it doubles after each failure.</summary>
    public TimeSpan AlertFirstRetry { get; set; } = new Alerts.AlertOptions().FirstRetry;

    /// <summary>Attempts at one webhook delivery before it is a dead letter.</summary>
    public int AlertAttempts { get; set; } = new Alerts.AlertOptions().Attempts;

    /// <summary>
    /// How long a stopping silo waits for requests in flight and for Orleans to hand its grains back: under the pod's
    /// grace period (k8s/silo.yaml: 120 s, less the 10 s preStop pause).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Records of an import committed per transaction.</summary>
    public int ImportBatch { get; set; } = RegistryDefaults.ImportBatch;

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "matching";

    /// <summary>The address other silos reach this one at (a pod's IP); loopback for a silo alone on a machine.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>All of the silo's log on standard error (an in-process silo whose command prints its result).</summary>
    public bool LogToStandardError { get; set; }

    /// <summary>The state's identity provider, whose tokens are accepted beside the registry's API keys.</summary>
    public Access.IdentityProviderOptions IdentityProvider { get; set; } = new();

    /// <summary>
    /// Where a new registry's first national administrator key is written, relative to the data folder; null keeps it
    /// in memory only (the demo, whose registry ends with it).
    /// </summary>
    public string? AdminKeyFile { get; set; } = Access.FirstAdministratorKey.DefaultFile;

    /// <summary>Start with an empty registry database (the demo).</summary>
    public bool Fresh { get; set; }

    /// <summary>The command line's help, written from the settings' definitions (<see cref="Configuration.SiloSettings"/>).</summary>
    public static string Help => Configuration.SiloSettings.Help;

    /// <summary>Reads the command line over the environment and appsettings.json; returns null and writes why when it cannot.</summary>
    public static SiloOptions? Parse(string[] args, TextWriter error)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            error.WriteLine(Help);
            return null;
        }

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return Configuration.SiloSettings.Load(args, environment, Directory.GetCurrentDirectory(), error);
    }

    public static MutationModel ParseMutation(string text)
    {
        var parts = text.Split(':', 2);
        var kind = parts[0].Trim().ToLowerInvariant() switch
        {
            "none" => MutationKind.None,
            "equal" => MutationKind.Equal,
            "proportional" => MutationKind.Proportional,
            "stepwise" => MutationKind.Stepwise,
            _ => throw new FormatException($"--mutation {text}: the model is none, equal, proportional or stepwise"),
        };
        if (kind == MutationKind.None)
        {
            return MutationModel.None;
        }

        var rate = parts.Length == 2 ? Configuration.SiloSettings.Number(parts[1], "--mutation") : 0.002;
        return new MutationModel(kind, rate, rate);
    }

    public static string Describe(MutationModel mutation) => mutation.Kind == MutationKind.None
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{mutation.Kind.ToString().ToLowerInvariant()}, rate {mutation.MaleRate}");
}
