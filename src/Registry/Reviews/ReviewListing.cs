namespace Matching.Registry.Reviews;

/// <summary>A review with the pair's LR now: null when a later search no longer lists the pair.</summary>
public sealed record ReviewListing(Review Review, double? LrNow);
