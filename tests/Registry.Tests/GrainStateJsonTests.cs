using Matching.Grains;
using Matching.Grains.Storage;

namespace Matching.Registry.Tests;

public sealed class GrainStateJsonTests
{
    /// <summary>The same shape under another class name, as after a rename.</summary>
    public sealed class RenamedCaseState
    {
        public List<CaseMember> References { get; set; } = [];

        public string Digest { get; set; } = "";

        public int Revision { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }
    }

    [Fact]
    public void Stored_state_reads_back_into_a_renamed_class()
    {
        var serializer = new GrainStateJson();
        var state = new CaseState
        {
            References = [new CaseMember { ProfileId = "R-1", Role = "father" }],
            Digest = "abc",
            Revision = 3,
            UpdatedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        };

        var stored = serializer.Serialize(state);
        var renamed = serializer.Deserialize<RenamedCaseState>(stored);

        Assert.DoesNotContain("CaseState", stored.ToString(), StringComparison.Ordinal);
        Assert.Equal(("R-1", "father"), (renamed.References[0].ProfileId, renamed.References[0].Role));
        Assert.Equal((3, "abc", state.UpdatedAt), (renamed.Revision, renamed.Digest, renamed.UpdatedAt));
    }
}
