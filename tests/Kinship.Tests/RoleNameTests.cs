using Matching.Kinship;

namespace Matching.Kinship.Tests;

public sealed class RoleNameTests
{
    [Fact]
    public void Every_role_has_the_contracts_spelling_and_reads_back_as_itself()
    {
        string[] contract =
        [
            "father", "mother", "full-sibling", "paternal-half-sibling", "maternal-half-sibling", "paternal-grandfather",
            "paternal-grandmother", "maternal-grandfather", "maternal-grandmother", "paternal-uncle", "paternal-aunt",
            "maternal-uncle", "maternal-aunt", "child",
        ];

        Assert.Equal(contract.Order(), Enum.GetValues<Role>().Select(RoleNames.Name).Order());
        foreach (var role in Enum.GetValues<Role>())
        {
            Assert.True(RoleNames.TryParse(RoleNames.Name(role), out var back));
            Assert.Equal(role, back);
            Assert.True(RoleNames.TryParse($" {RoleNames.Name(role).ToUpperInvariant()} ", out back));
            Assert.Equal(role, back);
        }
    }
}
