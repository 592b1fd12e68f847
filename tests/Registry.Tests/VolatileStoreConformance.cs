using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>The store suite on the in-memory registry of --in-memory.</summary>
public sealed class VolatileStoreConformance : StoreConformance
{
    public override Task InitializeAsync()
    {
        var registry = new VolatileRegistry();
        (Profiles, Matches, Searches) = (registry, registry, registry);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}
