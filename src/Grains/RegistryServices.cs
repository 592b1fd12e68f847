using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Matching.Grains;

/// <summary>What the grains need from the host: the database's stores, the kinship engine and the scan layout.</summary>
public static class RegistryServices
{
    /// <summary>The container owns the database's connection pool and closes it with the host.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services, string connectionString, KinshipEngine engine,
        Action<RegistryOptions> configure)
    {
        services.AddSingleton(_ => new RegistryDatabase(connectionString));
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<MatchStore>();
        services.AddSingleton<SearchStore>();
        services.AddSingleton(engine);
        services.AddSingleton(new ScanLayout(engine.Frequencies, engine.Frequencies.Loci.Select(l => l.Locus)));
        services.AddSingleton<Registrar>();
        services.Configure(configure);
        return services;
    }
}
