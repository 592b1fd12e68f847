using System.Globalization;
using System.Text;
using Matching.Kinship;
using Microsoft.Extensions.Configuration;

namespace Matching.Silo.Configuration;

/// <summary>
/// Every setting a silo reads, and the one place its command line, environment and appsettings.json are read from.
/// The help is written from the same definitions, so it names exactly what is read; the defaults live in the
/// options classes.
/// </summary>
public static class SiloSettings
{
    /// <summary>The configuration section of the silo's settings: <c>Matching:Threshold</c>, <c>MATCHING__Threshold</c>.</summary>
    public const string Section = "Matching";

    /// <summary>The file a silo reads settings from, in its own folder and then in the working directory.</summary>
    public const string SettingsFile = "appsettings.json";

    private const int Column = 29;
    private const int Width = 118;

    public static IReadOnlyList<SiloSetting> All { get; } =
    [
        new("--urls", "URL", "where the HTTP API listens", (o, v) => o.Urls = v, o => o.Urls),
        new("--data", "FOLDER", "the registry's data folder", (o, v) => o.DataFolder = v, o => $"{o.DataFolder} in the working directory"),
        new("--connection-string", "CS", "use this PostgreSQL database (also MATCHING_CONNECTION_STRING); without one the silo creates and " +
            "runs a private PostgreSQL cluster under the data folder", (o, v) => o.ConnectionString = v),
        new("--database", "NAME", "the database the embedded cluster keeps the registry in", (o, v) => o.Database = v, o => o.Database),
        new("--in-memory", null, "no database: NOTHING PERSISTS when the process ends", (o, v) => o.InMemory = Flag(v, "--in-memory")),
        new("--frequencies", "FILE", "allele frequency table, CSV or Familias format", (o, v) => o.Frequencies = v, _ => "the shipped East Asia table"),
        new("--mutation", "MODEL", "stepwise:RATE, equal:RATE, proportional:RATE or none; without a mutation model a true parent who " +
            "carries a mutation is excluded", (o, v) => o.Mutation = SiloOptions.ParseMutation(v), o => Mutation(o.Mutation)),
        new("--theta", "θ", "Balding–Nichols θ", (o, v) => o.Theta = Number(v, "--theta"), o => Show(o.Theta)),
        new("--threshold", "LR", "report matches from this LR up", (o, v) => o.ReportingThreshold = Number(v, "--threshold"), o => Show(o.ReportingThreshold)),
        new("--buckets", "N", "buckets per side", (o, v) => o.Buckets = Whole(v, "--buckets"), o => Show(o.Buckets)),
        new("--min-loci", "N", "refuse profiles with fewer typed loci", (o, v) => o.MinimumLoci = Whole(v, "--min-loci"), o => Show(o.MinimumLoci)),
        new("--anchors", "LOCI", "the anchor loci of the locus bucket keys, comma-separated", (o, v) => o.AnchorLoci = List(v),
            _ => "the first two scan loci of " + string.Join(", ", Kinship.Scan.AnchorLoci.Preferred)),
        new("--anchor-classes", "N", "allele classes per anchor locus", (o, v) => o.AnchorClasses = Whole(v, "--anchor-classes"), o => Show(o.AnchorClasses)),
        new("--scan-loci", "LOCI", "the loci members are packed at, comma-separated; profiles typed elsewhere take the general path",
            (o, v) => o.ScanLoci = List(v), _ => "the 20 CODIS core loci, Penta D, Penta E, D6S1043"),
        new("--stream-poll-ms", "N", "how often the submission stream is polled; lower is faster searches and more CPU spent idle",
            (o, v) => o.StreamPoll = TimeSpan.FromMilliseconds(Positive(v, "--stream-poll-ms")), o => Show(o.StreamPoll.TotalMilliseconds)),
        new("--no-pruning", null, "score every member of the other side (exhaustive search)", (o, v) => o.Pruning = !Flag(v, "--no-pruning")),
        new("--searches-in-flight", "N", "searches started and unfinished at once; the rest of those owed wait in PostgreSQL; 0 starts " +
            "none (an import measured on its own)", (o, v) => o.SearchesInFlight = Whole(v, "--searches-in-flight"), o => Show(o.SearchesInFlight)),
        new("--search-batch", "N", "searches run as one batch when many are owed (an import's): each bucket asked once per batch; 1 runs " +
            "each search on its own", (o, v) => o.SearchBatch = Whole(v, "--search-batch"), o => Show(o.SearchBatch)),
        new("--import-batch", "N", "records of an import committed per transaction", (o, v) => o.ImportBatch = Whole(v, "--import-batch"), o => Show(o.ImportBatch)),
        new("--prior-registered", "P", "the prior that a case's missing child is registered at all, spread over the registered persons, " +
            "for every posterior stated", (o, v) => o.PriorRegistered = Number(v, "--prior-registered"), o => Show(o.PriorRegistered)),
        new("--search-failures", "N", "failed attempts at one search before it is parked with its last error",
            (o, v) => o.MaxSearchFailures = Whole(v, "--search-failures"), o => Show(o.MaxSearchFailures)),
        new("--sign-in-failures", "N", "failed sign-ins from one address in a minute before it is answered 429 until the minute ends",
            (o, v) => o.SignInFailures = Whole(v, "--sign-in-failures"), o => Show(o.SignInFailures)),
        new("--body-limit-mb", "N", "the largest request body, but for imports", (o, v) => o.BodyLimit = Megabytes(v, "--body-limit-mb"),
            o => Show(o.BodyLimit / (1024 * 1024))),
        new("--import-limit-mb", "N", "the largest lab file one import streams", (o, v) => o.ImportBodyLimit = Megabytes(v, "--import-limit-mb"),
            o => Show(o.ImportBodyLimit / (1024 * 1024))),
        new("--alert-retry-ms", "N", "the wait before a failed alert webhook is sent again, doubling after each failure up to an hour",
            (o, v) => o.AlertFirstRetry = TimeSpan.FromMilliseconds(Positive(v, "--alert-retry-ms")), o => Show(o.AlertFirstRetry.TotalMilliseconds)),
        new("--alert-attempts", "N", "attempts at one alert webhook before it is a dead letter", (o, v) => o.AlertAttempts = Whole(v, "--alert-attempts"),
            o => Show(o.AlertAttempts)),
        new("--shutdown-seconds", "N", "how long a stopping silo finishes requests in flight (an import hands back what it has not read) " +
            "and hands its grains to the other silos", (o, v) => o.ShutdownTimeout = TimeSpan.FromSeconds(Positive(v, "--shutdown-seconds")),
            o => Show(o.ShutdownTimeout.TotalSeconds)),
        new("--oidc-authority", "URL", "the identity provider (OpenID Connect) whose JWT bearer tokens are accepted beside the registry's " +
            "API keys; its signing keys are fetched from there", (o, v) => o.IdentityProvider.Authority = v),
        new("--oidc-keys", "FILE", "the identity provider's signing keys as a JWKS file, instead of fetching them",
            (o, v) => o.IdentityProvider.SigningKeysFile = v),
        new("--oidc-issuer", "ISS", "the issuer tokens must name", (o, v) => o.IdentityProvider.Issuer = v, _ => "the authority's"),
        new("--oidc-audience", "AUD", "the audience tokens must be for", (o, v) => o.IdentityProvider.Audience = v, o => o.IdentityProvider.Audience),
        new("--oidc-client-id", "ID", "the registry's client at the identity provider: with --oidc-authority the pages offer the provider's " +
            "sign-in (authorization code with PKCE)", (o, v) => o.IdentityProvider.ClientId = v),
        new("--oidc-client-secret", "SECRET", "the client's secret, for a confidential client; better MATCHING__OidcClientSecret than the " +
            "command line", (o, v) => o.IdentityProvider.ClientSecret = v),
        new("--silo-port", "N", "the Orleans silo-to-silo port; several silos on one machine need one each", (o, v) => o.SiloPort = Whole(v, "--silo-port"),
            o => Show(o.SiloPort)),
        new("--gateway-port", "N", "the Orleans gateway port", (o, v) => o.GatewayPort = Whole(v, "--gateway-port"), o => Show(o.GatewayPort)),
        new("--cluster-id", "ID", "the Orleans cluster this silo joins", (o, v) => o.ClusterId = v, o => o.ClusterId),
        new("--advertise-ip", "IP", "the address other silos reach this one at (also MATCHING_ADVERTISE_IP; in Kubernetes the pod's IP)",
            (o, v) => o.AdvertisedAddress = v, _ => "127.0.0.1, for silos on one machine"),
    ];

    /// <summary>Environment variables of earlier releases, read beneath <c>MATCHING__…</c>.</summary>
    private static readonly IReadOnlyDictionary<string, string> OlderVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["MATCHING_CONNECTION_STRING"] = "ConnectionString",
        ["MATCHING_ADVERTISE_IP"] = "AdvertiseIp",
    };

    public static string Help { get; } = WriteHelp();

    /// <summary>
    /// The silo's options from, lowest first: appsettings.json (the silo's folder, then <paramref name="folder"/>), the
    /// environment, and the command line. Returns null and writes why when they cannot be used.
    /// </summary>
    public static SiloOptions? Load(string[] args, IReadOnlyDictionary<string, string?> environment, string? folder, TextWriter error)
    {
        try
        {
            var configuration = new ConfigurationBuilder();
            foreach (var where in new[] { AppContext.BaseDirectory, folder }.OfType<string>().Distinct())
            {
                configuration.AddJsonFile(Path.Combine(Path.GetFullPath(where), SettingsFile), optional: true, reloadOnChange: false);
            }

            configuration.AddInMemoryCollection(OlderVariables.Where(v => environment.GetValueOrDefault(v.Key) is { Length: > 0 })
                .Select(v => KeyValuePair.Create($"{Section}:{v.Value}", environment[v.Key])));
            // What the environment variables provider does with MATCHING__Key, from the given variables so tests need not set the process's.
            configuration.AddInMemoryCollection(environment.Where(v => v.Key.StartsWith(Section + "__", StringComparison.OrdinalIgnoreCase))
                .Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)));
            configuration.AddCommandLine(CommandLine(args));
            return Bind(configuration.Build().GetSection(Section), error);
        }
        catch (FormatException e)
        {
            error.WriteLine($"Matching.Silo: {e.Message} (Matching.Silo --help lists the options)");
            return null;
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"Matching.Silo: {SettingsFile}: {e.Message}");
            return null;
        }
    }

    /// <summary>The command line as configuration keys (<c>--threshold 1e4</c> is <c>Matching:Threshold=1e4</c>; a flag is <c>true</c>).</summary>
    private static string[] CommandLine(string[] args)
    {
        var keys = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var setting = All.FirstOrDefault(s => s.Switch == args[i]) ?? throw new FormatException($"unknown option {args[i]}");
            if (setting.IsFlag)
            {
                keys.Add($"--{Section}:{setting.Key}=true");
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new FormatException($"{args[i]} needs a value");
            }

            keys.Add($"--{Section}:{setting.Key}={args[++i]}");
        }

        return [.. keys];
    }

    private static SiloOptions? Bind(IConfigurationSection section, TextWriter error)
    {
        var byKey = All.ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        if (section.GetChildren().FirstOrDefault(c => !byKey.ContainsKey(c.Key)) is { } unknown)
        {
            throw new FormatException($"unknown setting {unknown.Path} (settings are the options' names in Pascal case: --stream-poll-ms is {Section}:StreamPollMs)");
        }

        var options = new SiloOptions();
        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } text)
            {
                byKey[child.Key].Apply(options, text);
            }
        }

        var problems = SiloOptionsValidation.Problems(options);
        if (problems.Count > 0)
        {
            error.WriteLine($"Matching.Silo: {string.Join("; ", problems)}");
            return null;
        }

        return options;
    }

    private static string WriteHelp()
    {
        var help = new StringBuilder();
        help.AppendLine("usage: Matching.Silo [options]        (dotnet run --project src/Silo -- [options])");
        help.AppendLine("       Matching.Silo demo [options]   a registry in this process with a synthetic population (demo --help)");
        help.AppendLine();
        var defaults = new SiloOptions();
        foreach (var setting in All)
        {
            var head = $"  {setting.Switch}{(setting.IsFlag ? "" : " " + setting.Value)}";
            var text = setting.Default?.Invoke(defaults) is { } shown ? $"{setting.Help} (default {shown})" : setting.Help;
            help.Append(head.Length < Column - 1 ? head.PadRight(Column) : head + "\n" + new string(' ', Column));
            Wrap(help, text);
        }

        help.AppendLine();
        help.AppendLine("Every option is also a setting of the Matching section, named in Pascal case (--stream-poll-ms is StreamPollMs):");
        help.AppendLine("in appsettings.json beside the silo or in the working directory ({\"Matching\": {\"Threshold\": 10000}}), and in");
        help.AppendLine("the environment (MATCHING__Threshold=10000; a flag is true or false). The command line wins over the environment,");
        help.Append("which wins over appsettings.json. Settings are checked before the silo starts; a wrong one is named.");
        return help.ToString();
    }

    private static void Wrap(StringBuilder help, string text)
    {
        var line = Column;
        foreach (var word in text.Split(' '))
        {
            if (line > Column && line + 1 + word.Length > Width)
            {
                help.Append('\n').Append(' ', Column);
                line = Column;
            }
            else if (line > Column)
            {
                help.Append(' ');
                line++;
            }

            help.Append(word);
            line += word.Length;
        }

        help.Append('\n');
    }

    private static string Mutation(MutationModel model) => model.Kind == MutationKind.None
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{model.Kind.ToString().ToLowerInvariant()}:{model.MaleRate}");

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number as the settings take it (invariant culture, finite), or the option and text named.</summary>
    internal static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"{option} {text}: not a number");

    private static double Positive(string text, string option) =>
        Number(text, option) is > 0 and var value ? value : throw new FormatException($"{option} {text}: must be above 0");

    private static int Whole(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{option} {text}: not a whole number");

    private static long Megabytes(string text, string option) => (long)(Positive(text, option) * 1024 * 1024);

    private static bool Flag(string text, string option) =>
        bool.TryParse(text, out var value) ? value : throw new FormatException($"{option} {text}: true or false");

    private static IReadOnlyList<string> List(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
