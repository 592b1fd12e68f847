namespace Matching.Grains;

/// <summary>A profile's place in a case.</summary>
public sealed class CaseMember
{
    public string ProfileId { get; set; } = "";

    public string Role { get; set; } = "";
}
