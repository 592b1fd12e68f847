using System.Net;
using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry;
using Matching.Registry.Access;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Pages;
using Matching.Silo.Telemetry;
using Matching.Silo.Api;
using Matching.Silo.Health;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using Orleans.Configuration;

namespace Matching.Silo;

/// <summary>
/// One silo of the registry with its HTTP API in the same process, on PostgreSQL: a configured database, or a
/// private cluster it creates under the data folder. The demo and the tests start it the same way the command does.
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmbeddedPostgres? _postgres;
    private readonly string? _connectionString;

    private RegistryHost(WebApplication app, EmbeddedPostgres? postgres, string? connectionString, string url, string? adminKey)
    {
        _app = app;
        _postgres = postgres;
        _connectionString = connectionString;
        Url = url;
        AdminKey = adminKey;
    }

    /// <summary>The first national administrator key, when this start issued it (a new registry); null otherwise.</summary>
    public string? AdminKey { get; }

    /// <summary>The API's base address, as bound (a port of 0 becomes the real one).</summary>
    public string Url { get; }

    /// <summary>The connection the silo works through (the runtime role's); null in memory.</summary>
    public string? RuntimeConnectionString => _connectionString;

    public IServiceProvider Services => _app.Services;

    public static async Task<RegistryHost> StartAsync(SiloOptions options, TextWriter console, CancellationToken cancellationToken = default)
    {
        // The options first (a demo or a test builds them without the command line), then files, folder and ports: a mistake there is one line, before any database is created or migrated.
        if (Configuration.SiloOptionsValidation.Problems(options) is { Count: > 0 } problems)
        {
            throw new StartupException(string.Join("; ", problems), SiloOptions.UsageExitCode);
        }

        var frequencies = StartupChecks.Frequencies(options);
        StartupChecks.DataFolder(options);
        StartupChecks.Ports(options);
        var engine = new KinshipEngine(frequencies, options.Mutation, options.Theta);
        if (options.InMemory)
        {
            var volatileApp = Build(options, engine, null);
            await volatileApp.StartAsync(cancellationToken);
            var address = Address(volatileApp);
            var volatileKey = await IssueFirstKeyAsync(volatileApp, options, console, cancellationToken);
            console.WriteLine($"""
                matching: ****************************************************************************
                matching: IN-MEMORY REGISTRY: no database. NOTHING PERSISTS when this process ends.
                matching: ****************************************************************************
                matching: registry ready at {address}
                matching:   kinship    {Describe(options, frequencies)}
                """);
            return new RegistryHost(volatileApp, null, null, address, volatileKey);
        }

        EmbeddedPostgres? postgres = null;
        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            postgres = await EmbeddedPostgres.StartAsync(options.DataFolder, m => console.WriteLine($"matching: {m}"), cancellationToken: cancellationToken);
            connectionString = postgres.ConnectionString(options.Database);
        }

        try
        {
            int applied;
            try
            {
                if (options.Fresh)
                {
                    await RegistryDatabase.DropAsync(connectionString, cancellationToken);
                }

                await RegistryDatabase.EnsureCreatedAsync(connectionString, cancellationToken);
                await using (var migrations = new RegistryDatabase(connectionString))
                {
                    applied = await migrations.MigrateAsync(cancellationToken);
                }

                // From here on the silo is the runtime role, bound by row-level security and unable to rewrite the audit.
                connectionString = await RuntimeRole.ProvisionAsync(connectionString, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or ArgumentException or TimeoutException)
            {
                throw new StartupException($"PostgreSQL at {Where(connectionString)} cannot be used: {Reason(e)}", StartupException.Unavailable, e);
            }

            if (applied > 0)
            {
                console.WriteLine($"matching: applied {applied} schema migration(s)");
            }

            var settingsId = await JoinClusterAsync(options, engine, connectionString, cancellationToken);
            var app = Build(options, engine, connectionString, settingsId);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                // Taken between the check and the bind.
                throw new StartupException($"--urls {options.Urls}: {e.Message}", StartupException.PortInUse, e);
            }
            var url = Address(app);
            var adminKey = await IssueFirstKeyAsync(app, options, console, cancellationToken);
            console.WriteLine($"""
                matching: registry ready at {url}
                matching:   database   {(postgres is null ? "configured connection string" : $"embedded PostgreSQL in {postgres.Root}, port {postgres.Port}, database {options.Database}")}
                matching:   kinship    {Describe(options, frequencies)}
                matching:   access     API keys{(options.IdentityProvider.IsConfigured ? $" and tokens of {options.IdentityProvider.Authority ?? options.IdentityProvider.Issuer}" : "")}; every request needs one but /health
                matching:   pages      {url}/signin: offices, operators and auditors sign in with their API key
                """);
            return new RegistryHost(app, postgres, connectionString, url, adminKey);
        }
        catch
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A new registry's first national administrator key, written beside its data (<see cref="FirstAdministratorKey"/>).</summary>
    private static Task<string?> IssueFirstKeyAsync(WebApplication app, SiloOptions options, TextWriter console, CancellationToken cancellationToken) =>
        FirstAdministratorKey.EnsureAsync(app.Services.GetRequiredService<Services.ApiKeyService>(), app.Services.GetRequiredService<IApiKeyStore>(),
            options.AdminKeyFile is { } file ? Path.Combine(options.DataFolder, file) : null, console, cancellationToken);

    /// <summary>
    /// Silos that are up in the cluster still alive within this time count as running: twice Orleans' default period
    /// for a silo to publish that it is alive, so that a silo killed without a goodbye blocks new settings this long.
    /// </summary>
    private static readonly TimeSpan AliveWithin = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Records this silo's kinship settings and joins the cluster with them: a cluster whose running silos use other
    /// settings would rank one registry by two sets of numbers, so the silo refuses to start and names the difference.
    /// </summary>
    private static async Task<int> JoinClusterAsync(SiloOptions options, KinshipEngine engine, string connectionString, CancellationToken cancellationToken)
    {
        var settings = KinshipSettings.Of(engine, options.ReportingThreshold);
        await using var database = new RegistryDatabase(connectionString);
        var store = new KinshipSettingsStore(database);
        var id = await store.RecordAsync(settings, cancellationToken);
        var join = await store.JoinAsync(options.ClusterId, id, AliveWithin, cancellationToken);
        if (!join.Accepted)
        {
            var theirs = (await store.FindAsync(join.ClusterSettingsId, cancellationToken))!;
            throw new StartupException($"cluster {options.ClusterId} runs with other kinship settings ({string.Join("; ", settings.Differences(theirs))}) " +
                $"on {string.Join(", ", join.LiveSilos)}: start this silo with the cluster's settings, or stop those silos first and run a research " +
                "after the change", StartupException.Configuration);
        }

        return id;
    }

    /// <summary>Host, port and database of a connection string: never its password.</summary>
    private static string Where(string connectionString)
    {
        try
        {
            var parts = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{parts.Host}:{parts.Port}, database {parts.Database}";
        }
        catch (ArgumentException)
        {
            return "the configured connection string";
        }
    }

    private static string Reason(Exception e) =>
        e is ArgumentException ? "the connection string is malformed" : (e.InnerException?.Message ?? e.Message).Split('\n')[0];

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static string Describe(SiloOptions options, FrequencyTable frequencies) =>
        $"{frequencies.Name}, {frequencies.Loci.Count} loci; mutation {SiloOptions.Describe(options.Mutation)}; θ {options.Theta}; report LR ≥ {options.ReportingThreshold}\n" +
        $"matching:   search     {options.Buckets} buckets per side; " +
        (options.Pruning ? $"locus bucket keys on {(options.AnchorLoci is { } anchors ? string.Join(",", anchors) : "the first two scan loci of " + string.Join(",", AnchorLoci.Preferred))} × {options.AnchorClasses} allele classes" : "no pruning (exhaustive)");

    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();

        // Orleans' providers open their connections through Npgsql's pool for this connection string; close them with the silo.
        if (_connectionString is not null)
        {
            using var connection = new NpgsqlConnection(_connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    /// <summary>Kubernetes gives every container its API server's address: Orleans' Kubernetes hosting is used there only.</summary>
    private static bool InKubernetes => Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 };

    /// <summary>The silo and its API; no connection string means --in-memory.</summary>
    private static WebApplication Build(SiloOptions options, KinshipEngine engine, string? connectionString, int? settingsId = null)
    {
        // Named after the silo whoever hosts it (a test, a benchmark): its static web assets (blazor.web.js) are found by that name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(RegistryHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (options.LogToStandardError)
        {
            // A command that prints its result on standard output (bench) keeps the silo's log out of it.
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.Logging.AddFilter("Matching", LogLevel.Information);
        // The watchdog reports start-up pauses as possible deadlocks; they are noise on a small machine.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        void Configure(RegistryOptions registry)
        {
            registry.ReportingThreshold = options.ReportingThreshold;
            registry.Buckets = options.Buckets;
            registry.MinimumLoci = options.MinimumLoci;
            registry.Pruning = options.Pruning;
            registry.AnchorClasses = options.AnchorClasses;
            registry.AnchorLoci = options.AnchorLoci;
            registry.ScanLoci = options.ScanLoci ?? registry.ScanLoci;
            registry.SearchesInFlight = options.SearchesInFlight;
            registry.SearchBatch = options.SearchBatch;
            registry.ImportBatch = options.ImportBatch;
            registry.MaxSearchFailures = options.MaxSearchFailures;
            registry.SettingsId = settingsId;
            registry.PriorRegistered = options.PriorRegistered;
        }

        if (connectionString is null)
        {
            builder.Services.AddVolatileRegistry(engine, Configure);
        }
        else
        {
            builder.Services.AddRegistry(connectionString, engine, Configure);
            builder.Services.AddHostedService<Alerts.AlertDispatcher>();
            builder.Services.AddHostedService<Services.CasePowerRefresher>();
        }

        builder.Services.AddSingleton<Services.RegisteredPersons>();
        builder.Services.AddSingleton<Services.CasePowerService>();
        builder.Services.AddSingleton<Services.EvidenceService>();
        builder.Services.AddSingleton<Services.ImportSearchesService>();
        builder.Services.AddSingleton<Services.ProvinceScope>();
        builder.Services.AddSingleton<Services.ApiKeyService>();
        builder.Services.AddSingleton<Services.ReviewService>();
        builder.Services.AddSingleton<Services.MatchReportService>();
        builder.Services.AddSingleton<Services.OperationsService>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddOptions<Alerts.AlertOptions>().Configure(alerts =>
        {
            alerts.FirstRetry = options.AlertFirstRetry;
            alerts.Attempts = options.AlertAttempts;
        }).Validate(alerts => alerts.FirstRetry > TimeSpan.Zero && alerts.Attempts >= 1 && alerts.Poll > TimeSpan.Zero && alerts.Timeout > TimeSpan.Zero,
            "alert retries, attempts, poll and timeout must be above 0").ValidateOnStart();
        builder.Services.AddRegistryAccess(options.IdentityProvider);
        builder.Services.AddPages(database: connectionString is not null);
        builder.Services.AddRegistryTelemetry();
        builder.Services.AddHealthProbes(database: connectionString is not null);
        options.ServiceOverrides?.Invoke(builder.Services);
        builder.Services.AddSingleton(new Access.SignInThrottle(options.SignInFailures));
        builder.Services.AddRequestRates();
        builder.Services.AddOptions<BodyLimitOptions>().Configure(limits =>
        {
            limits.Default = options.BodyLimit;
            limits.Imports = options.ImportBodyLimit;
        }).Validate(limits => limits.Default >= 1 && limits.Imports >= 1, "body limits must be above 0").ValidateOnStart();
        builder.UseOrleans(silo =>
        {
            silo.AddOperatorDashboard();
            silo.AddActivityPropagation(); // a trace runs from the API request through the coordinator to the buckets
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = "matching";
            });
            if (connectionString is null)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: "matching", clusterId: options.ClusterId);
                silo.AddVolatileProviders(options.StreamPoll);
            }
            else
            {
                if (InKubernetes && options.AdvertisedAddress is not { Length: > 0 })
                {
                    // The pod's name is the silo's, its IP the advertised address, and a silo declared dead has its pod deleted.
                    silo.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (options.SiloPort, options.GatewayPort));
                }
                else
                {
                    var advertised = options.AdvertisedAddress is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
                    silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                }

                if (InKubernetes)
                {
                    silo.UseKubernetesHosting();
                }

                silo.UseRegistryClustering(connectionString);
                silo.AddRegistryProviders(connectionString, options.StreamPoll);
            }
        });

        var app = builder.Build();
        // A scan or anchor locus the table lacks is a start-up error, not a failure of the first search.
        try
        {
            app.Services.GetRequiredService<AnchorLoci>();
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        // Refusals are audited after authorization has answered them; the audited endpoints write their own rows.
        app.UseRouting();
        app.UseRefusalAudit();
        app.UseAuthentication();
        Access.SignInThrottle.UseSignInThrottle(app);
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseBodyLimits();
        app.UsePageCulture();
        app.UseAntiforgery();
        app.MapRegistryApi();
        app.MapResearchApi();
        app.MapImportApi();
        app.MapPowerApi();
        app.MapMissingPersonApi();
        app.MapKeysApi();
        app.MapReviewApi();
        app.MapAlertsApi();
        app.MapAuditApi();
        app.MapPages();
        if (options.IdentityProvider.SignsInPages)
        {
            app.MapPageIdentityProvider();
        }

        app.MapRegistryTelemetry();
        app.MapOperatorDashboard();
        return app;
    }
}
