namespace Matching.Registry.Access;

/// <summary>
/// A verified caller: who (<paramref name="Subject"/>: "key 12", or the identity provider's subject), in what role,
/// for which office, and the provinces it acts in. Nothing here is taken from what a request says of itself.
/// </summary>
public sealed record Caller(string Subject, AccessRole Role, string Office, IReadOnlyList<string> Provinces)
{
    /// <summary>The registry itself: searches, the sweep and researches, acting for nobody in particular.</summary>
    public static Caller System { get; } = new("registry", AccessRole.NationalAdmin, "registry", []);

    /// <summary>A national admin sees every province; every other role only its own.</summary>
    public bool SeesEveryProvince => Role == AccessRole.NationalAdmin;

    public bool Sees(string province) => SeesEveryProvince || Provinces.Contains(province, StringComparer.Ordinal);

    /// <summary>The provinces a query is limited to; null for every province.</summary>
    public IReadOnlyList<string>? ProvinceFilter => SeesEveryProvince ? null : Provinces;
}
