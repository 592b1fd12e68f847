using System.Globalization;
using Matching.Kinship;

namespace Matching.Silo;

/// <summary>How a silo is started: from the command line, with defaults that work on a fresh machine.</summary>
public sealed class SiloOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The exit code of a command line that cannot be used (sysexits EX_USAGE).</summary>
    public const int UsageExitCode = 64;

    /// <summary>Where the HTTP API listens.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The registry's data folder: the embedded PostgreSQL cluster lives here.</summary>
    public string DataFolder { get; set; } = ".matching";

    /// <summary>A PostgreSQL connection string; without one the silo runs its own cluster under the data folder.</summary>
    public string? ConnectionString { get; set; } = Environment.GetEnvironmentVariable("MATCHING_CONNECTION_STRING");

    /// <summary>The database the embedded cluster holds the registry in.</summary>
    public string Database { get; set; } = "matching";

    /// <summary>No database at all: nothing survives the process.</summary>
    public bool InMemory { get; set; }

    /// <summary>An allele frequency table (CSV or Familias); the shipped East Asia table by default.</summary>
    public string? Frequencies { get; set; }

    public MutationModel Mutation { get; set; } = MutationModel.RegistryDefault;

    public double Theta { get; set; }

    public double ReportingThreshold { get; set; } = 1000;

    public int Buckets { get; set; } = 8;

    public int MinimumLoci { get; set; } = Registry.Formats.ProfileRules.DefaultMinimumLoci;

    /// <summary>Locus bucket pruning (on by default; off makes every search exhaustive).</summary>
    public bool Pruning { get; set; } = true;

    /// <summary>The anchor loci of the locus bucket keys; null keeps the registry's default.</summary>
    public IReadOnlyList<string>? AnchorLoci { get; set; }

    public int AnchorClasses { get; set; } = 4;

    /// <summary>How often the submission stream is polled (default 5 ms): lower is faster searches and more idle CPU.</summary>
    public TimeSpan StreamPoll { get; set; } = RegistrySilo.DefaultStreamPoll;

    /// <summary>The loci members are packed at; null keeps the registry's default.</summary>
    public IReadOnlyList<string>? ScanLoci { get; set; }

    /// <summary>Searches started and unfinished at once; 0 holds every search owed in PostgreSQL (an import measured alone).</summary>
    public int SearchesInFlight { get; set; } = 64;

    /// <summary>Failed attempts at one search before it is parked with its last error.</summary>
    public int MaxSearchFailures { get; set; } = 10;

    /// <summary>The prior probability that a case's missing child is registered at all, for every posterior stated.</summary>
    public double PriorRegistered { get; set; } = 0.5;

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

    /// <summary>Records of an import committed per transaction.</summary>
    public int ImportBatch { get; set; } = 1000;

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "matching";

    /// <summary>The address other silos reach this one at (a pod's IP); loopback for a silo alone on a machine.</summary>
    public string? AdvertisedAddress { get; set; } = Environment.GetEnvironmentVariable("MATCHING_ADVERTISE_IP");

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

    public const string Help = """
        usage: Matching.Silo [options]        (dotnet run --project src/Silo -- [options])
               Matching.Silo demo [options]   a registry in this process with a synthetic population (demo --help)

          --urls URL                 where the HTTP API listens (default http://127.0.0.1:5080)
          --data FOLDER              the registry's data folder (default .matching in the working directory)
          --connection-string CS     use this PostgreSQL database (also MATCHING_CONNECTION_STRING); without one the
                                     silo creates and runs a private PostgreSQL cluster under the data folder
          --database NAME            the database the embedded cluster keeps the registry in (default matching)
          --in-memory                no database: NOTHING PERSISTS when the process ends
          --frequencies FILE         allele frequency table, CSV or Familias format (default: the shipped East Asia table)
          --mutation MODEL           stepwise:RATE (default stepwise:0.002), equal:RATE, proportional:RATE or none;
                                     without a mutation model a true parent who carries a mutation is excluded
          --theta θ                  Balding–Nichols θ (default 0)
          --threshold LR             report matches from this LR up (default 1000)
          --buckets N                buckets per side (default 8)
          --min-loci N               refuse profiles with fewer typed loci (default 12)
          --anchors LOCI             the anchor loci of the locus bucket keys, comma-separated (default: the first two
                                     scan loci of Penta E, D2S1338, D6S1043, D1S1656, FGA, D18S51)
          --anchor-classes N         allele classes per anchor locus (default 4)
          --scan-loci LOCI           the loci members are packed at, comma-separated (default: the 20 CODIS core
                                     loci, Penta D, Penta E, D6S1043); profiles typed elsewhere take the general path
          --stream-poll-ms N         how often the submission stream is polled (default 5); lower is faster
                                     searches and more CPU spent idle
          --no-pruning               score every member of the other side (exhaustive search)
          --searches-in-flight N     searches started and unfinished at once (default 64); the rest of those owed
                                     wait in PostgreSQL; 0 starts none (an import measured on its own)
          --import-batch N           records of an import committed per transaction (default 1000)
          --prior-registered P       the prior that a case's missing child is registered at all, spread over the
                                     registered persons, for every posterior stated (default 0.5)
          --search-failures N        failed attempts at one search before it is parked with its last error
                                     (default 10)
          --sign-in-failures N       failed sign-ins from one address in a minute before it is answered 429 until
                                     the minute ends (default 30)
          --body-limit-mb N          the largest request body, but for imports (default 30)
          --import-limit-mb N        the largest lab file one import streams (default 2048)
          --alert-retry-ms N         the wait before a failed alert webhook is sent again (default 5000), doubling
                                     after each failure up to an hour
          --alert-attempts N         attempts at one alert webhook before it is a dead letter (default 15)
          --oidc-authority URL       the identity provider (OpenID Connect) whose JWT bearer tokens are accepted beside
                                     the registry's API keys; its signing keys are fetched from there
          --oidc-keys FILE           the identity provider's signing keys as a JWKS file, instead of fetching them
          --oidc-issuer ISS          the issuer tokens must name (default: the authority's)
          --oidc-audience AUD        the audience tokens must be for (default matching)
          --silo-port N --gateway-port N --cluster-id ID   Orleans endpoints, for several silos on one machine
          --advertise-ip IP          the address other silos reach this one at (also MATCHING_ADVERTISE_IP;
                                     default 127.0.0.1, for silos on one machine)
        """;

    /// <summary>Reads the command line; returns null and writes why when it cannot.</summary>
    public static SiloOptions? Parse(string[] args, TextWriter error)
    {
        var options = new SiloOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{args[i]} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (args[i])
                {
                    case "--urls": options.Urls = Value(); break;
                    case "--data": options.DataFolder = Value(); break;
                    case "--connection-string": options.ConnectionString = Value(); break;
                    case "--database": options.Database = Value(); break;
                    case "--in-memory": options.InMemory = true; break;
                    case "--frequencies": options.Frequencies = Value(); break;
                    case "--mutation": options.Mutation = ParseMutation(Value()); break;
                    case "--theta": options.Theta = Number(Value(), "--theta"); break;
                    case "--threshold": options.ReportingThreshold = Number(Value(), "--threshold"); break;
                    case "--buckets": options.Buckets = (int)Number(Value(), "--buckets"); break;
                    case "--min-loci": options.MinimumLoci = (int)Number(Value(), "--min-loci"); break;
                    case "--anchors": options.AnchorLoci = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                    case "--anchor-classes": options.AnchorClasses = (int)Number(Value(), "--anchor-classes"); break;
                    case "--no-pruning": options.Pruning = false; break;
                    case "--searches-in-flight": options.SearchesInFlight = (int)Number(Value(), "--searches-in-flight"); break;
                    case "--import-batch": options.ImportBatch = (int)Number(Value(), "--import-batch"); break;
                    case "--prior-registered": options.PriorRegistered = Number(Value(), "--prior-registered"); break;
                    case "--search-failures": options.MaxSearchFailures = (int)Number(Value(), "--search-failures"); break;
                    case "--stream-poll-ms": options.StreamPoll = TimeSpan.FromMilliseconds(Number(Value(), "--stream-poll-ms")); break;
                    case "--scan-loci": options.ScanLoci = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                    case "--silo-port": options.SiloPort = (int)Number(Value(), "--silo-port"); break;
                    case "--gateway-port": options.GatewayPort = (int)Number(Value(), "--gateway-port"); break;
                    case "--cluster-id": options.ClusterId = Value(); break;
                    case "--advertise-ip": options.AdvertisedAddress = Value(); break;
                    case "--sign-in-failures": options.SignInFailures = (int)Number(Value(), "--sign-in-failures"); break;
                    case "--body-limit-mb": options.BodyLimit = (long)(Number(Value(), "--body-limit-mb") * 1024 * 1024); break;
                    case "--import-limit-mb": options.ImportBodyLimit = (long)(Number(Value(), "--import-limit-mb") * 1024 * 1024); break;
                    case "--alert-retry-ms": options.AlertFirstRetry = TimeSpan.FromMilliseconds(Number(Value(), "--alert-retry-ms")); break;
                    case "--alert-attempts": options.AlertAttempts = (int)Number(Value(), "--alert-attempts"); break;
                    case "--oidc-authority": options.IdentityProvider.Authority = Value(); break;
                    case "--oidc-keys": options.IdentityProvider.SigningKeysFile = Value(); break;
                    case "--oidc-issuer": options.IdentityProvider.Issuer = Value(); break;
                    case "--oidc-audience": options.IdentityProvider.Audience = Value(); break;
                    case "-h" or "--help": error.WriteLine(Help); return null;
                    default: throw new FormatException($"unknown option {args[i]}");
                }
            }
            catch (FormatException e)
            {
                error.WriteLine($"Matching.Silo: {e.Message}\n\n{Help}");
                return null;
            }
        }

        if (options.Buckets < 1 || options.ReportingThreshold <= 0 || options.Theta is < 0 or >= 1 || options.AnchorClasses is < 1 or > 64 || options.SearchesInFlight < 0 || options.ImportBatch < 1 || options.MaxSearchFailures < 1 || options.PriorRegistered is <= 0 or > 1 || options.AlertAttempts < 1 || options.AlertFirstRetry <= TimeSpan.Zero || options.BodyLimit < 1 || options.ImportBodyLimit < 1 || options.SignInFailures < 1)
        {
            error.WriteLine("Matching.Silo: --buckets must be at least 1, --threshold above 0, --theta in [0, 1), --anchor-classes from 1 to 64, --searches-in-flight at least 0, --import-batch and --search-failures at least 1, --prior-registered in (0, 1], --alert-attempts and --sign-in-failures at least 1, and --alert-retry-ms, --body-limit-mb and --import-limit-mb above 0");
            return null;
        }

        return options;
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

        var rate = parts.Length == 2 ? Number(parts[1], "--mutation") : 0.002;
        return new MutationModel(kind, rate, rate);
    }

    private static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{option} {text}: not a number");

    public static string Describe(MutationModel mutation) => mutation.Kind == MutationKind.None
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{mutation.Kind.ToString().ToLowerInvariant()}, rate {mutation.MaleRate}");
}
