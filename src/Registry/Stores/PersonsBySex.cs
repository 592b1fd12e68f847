using Matching.Kinship;

namespace Matching.Registry.Stores;

/// <summary>The registered persons of unknown parentage, by sex.</summary>
public sealed record PersonsBySex(long Male, long Female, long Unknown)
{
    public long Total => Male + Female + Unknown;

    /// <summary>The persons who could be a missing child of sex <paramref name="missing"/>: that sex, or of unknown sex (everyone when unknown).</summary>
    public long CouldBe(Sex missing) => missing switch
    {
        Sex.Male => Male + Unknown,
        Sex.Female => Female + Unknown,
        _ => Total,
    };

    /// <summary>Whether a person of sex <paramref name="person"/> could be a missing child of sex <paramref name="missing"/>.</summary>
    public static bool Admits(Sex missing, Sex person) => missing == Sex.Unknown || person == Sex.Unknown || person == missing;
}
