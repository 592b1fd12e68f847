using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>A person of unknown parentage, as a bucket holds it.</summary>
public sealed record BucketPerson(string Id, int Version, Profile Profile);
