namespace Matching.Kinship.Tests;

public sealed class LocusNameTests
{
    [Theory]
    [InlineData("vWA", "VWA", "v_WA", "vwa")]
    [InlineData("TH01", "THO1", "th-01", "TH 01")]
    [InlineData("Penta D", "PentaD", "PENTA_D", "penta d")]
    [InlineData("F13A01", "F13A1", "f13a01", "F13-A01")]
    [InlineData("D3S1358", "D3S1358", "d3s1358", "D3 S1358")]
    public void Every_spelling_of_a_locus_gives_the_one_string_of_that_locus(string canonical, string a, string b, string c)
    {
        // Built at run time, so that no spelling is the compiler's shared literal.
        foreach (var spelling in new[] { canonical, a, b, c }.Select(s => new string(s.AsSpan())))
        {
            Assert.Same(LocusName.TryCanonical(canonical), LocusName.TryCanonical(spelling));
        }

        Assert.Equal(canonical, LocusName.TryCanonical(a));
        Assert.Same(LocusName.TryCanonical(canonical), LocusName.AsCanonical(canonical.AsSpan()));
    }

    [Fact]
    public void Every_canonical_name_is_known_by_identity_and_an_equal_copy_by_its_spelling()
    {
        Assert.Equal(LocusName.CanonicalNames.Count, LocusName.NamesKnownByIdentity);
        foreach (var name in LocusName.CanonicalNames)
        {
            var copy = new string(name.AsSpan());
            Assert.Same(name, LocusName.TryCanonical(copy));
            Assert.Same(name, LocusName.AsCanonical(copy.AsSpan()));
            // Spelled otherwise: found through its key by TryCanonical, never as spelled.
            Assert.Null(LocusName.AsCanonical((name + "X").AsSpan()));
            Assert.Null(LocusName.AsCanonical(name.ToLowerInvariant().AsSpan()));
        }

        Assert.Null(LocusName.AsCanonical("A".AsSpan()));
        Assert.Null(LocusName.AsCanonical("".AsSpan()));
        Assert.Null(LocusName.TryCanonical(""));
    }
}
