using Matching.Registry.Reviews;
using Matching.Registry.Stores;

namespace Matching.Registry.Tests;

/// <summary>The review-store suite on the in-memory registry.</summary>
public sealed class VolatileReviewStoreConformance : ReviewStoreConformance
{
    public override Task InitializeAsync()
    {
        var registry = new VolatileRegistry();
        Audit = new Access.VolatileAuditLog();
        (Profiles, Matches, Searches, Reviews) = (registry, registry, registry, new VolatileReviews(registry, Audit));
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;
}
