using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Access;
using Matching.Registry.Database;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>What the grains need from the host: the database's stores, the kinship engine and the scan layout.</summary>
public static class RegistryServices
{
    /// <summary>The container owns the database's connection pool and closes it with the host.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, string connectionString, KinshipEngine engine,
        Action<RegistryOptions> configure)
    {
        services.AddSingleton(_ => new RegistryDatabase(connectionString));
        services.AddSingleton<IProfileStore, ProfileStore>();
        services.AddSingleton<IMatchStore, MatchStore>();
        services.AddSingleton<ISearchStore, SearchStore>();
        services.AddSingleton<IResearchStore, ResearchStore>();
        services.AddSingleton<IImportStore, ImportStore>();
        services.AddSingleton<IDuplicateStore, DuplicateStore>();
        services.AddSingleton<KinshipSettingsStore>();
        services.AddSingleton<IApiKeyStore, ApiKeyStore>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<IReviewStore, ReviewStore>();
        services.AddSingleton<Registry.Alerts.AlertStore>();
        services.AddSingleton<Registry.Power.CasePowerStore>();
        return services.AddKinship(engine, configure);
    }

    /// <summary>--in-memory: the registry's records in this process only.</summary>
    public static IServiceCollection AddVolatileRegistry(this IServiceCollection services, KinshipEngine engine, Action<RegistryOptions> configure)
    {
        var registry = new VolatileRegistry();
        services.AddSingleton(registry);
        services.AddSingleton<IProfileStore>(registry);
        services.AddSingleton<IMatchStore>(registry);
        services.AddSingleton<ISearchStore>(registry);
        services.AddSingleton<IResearchStore>(registry);
        services.AddSingleton<IImportStore>(registry);
        services.AddSingleton<IDuplicateStore>(registry);
        services.AddSingleton<IApiKeyStore, VolatileApiKeys>();
        services.AddSingleton<IAuditLog, VolatileAuditLog>();
        services.AddSingleton<IReviewStore, VolatileReviews>();
        return services.AddKinship(engine, configure);
    }

    private static IServiceCollection AddKinship(this IServiceCollection services, KinshipEngine engine, Action<RegistryOptions> configure)
    {
        services.AddSingleton(engine);
        services.AddSingleton(sp =>
        {
            // The scan loci the table has; profiles typed elsewhere are scored on the general path.
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            return new ScanLayout(engine.Frequencies, options.ScanLoci.Where(l => engine.Frequencies[l] is not null));
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            var layout = sp.GetRequiredService<ScanLayout>();
            return new AnchorLoci(layout, options.AnchorLoci ?? AnchorLoci.Choose(layout), options.AnchorClasses, options.MutationWindow);
        });
        services.AddSingleton<Registrar>();
        services.AddMetrics();
        services.AddSingleton<RegistryMetrics>();
        services.AddSingleton<Grains.Buckets.SubmissionQueries>();
        services.AddSingleton<Grains.Buckets.ScoringGate>();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidation>();
        services.AddOptions<RegistryOptions>().Configure(configure).ValidateOnStart();
        return services;
    }
}
