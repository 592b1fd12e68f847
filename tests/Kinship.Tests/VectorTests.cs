using System.Text.Json;
using Matching.Kinship.Contract;

namespace Matching.Kinship.Tests;

/// <summary>Every case of shared/vectors, locus by locus, against the independent implementation's LRs.</summary>
public sealed class VectorTests
{
    public static TheoryData<string> Files() =>
    [
        "eastasia-public-nomut",
        "eastasia-public-mut-equal",
        "hispanic-public-stepwise-sexrates",
        "caucasian-public-theta",
        "afam-public-proportional",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_locus_LR_matches_the_reference_implementation(string name)
    {
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        var engine = new KinshipEngine(request.Frequencies, request.Mutation, request.Theta);
        using var expected = JsonDocument.Parse(File.ReadAllText(SharedData.Path("vectors", name + ".expected.json")));
        var expectedResults = expected.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expectedResults.Count, request.Cases.Count);

        var compared = 0;
        for (var i = 0; i < expectedResults.Count; i++)
        {
            var want = expectedResults[i];
            var requested = request.Cases[i];
            Assert.Equal(want.GetProperty("id").GetString(), requested.Id);
            Assert.NotNull(requested.Case);
            var got = engine.Evaluate(requested.Case!);
            Assert.Null(got.Error);
            var wantLoci = want.GetProperty("loci").EnumerateArray().ToDictionary(l => l.GetProperty("locus").GetString()!, l => l.GetProperty("lr").GetDouble());
            Assert.Equal(wantLoci.Count, got.Loci.Count);
            foreach (var locus in got.Loci)
            {
                AssertClose(wantLoci[locus.Locus], locus.Lr, $"{requested.Id} {locus.Locus}");
                compared++;
            }

            AssertClose(want.GetProperty("lr").GetDouble(), got.Lr!.Value, requested.Id, 1e-8);
        }

        Assert.True(compared > 500, $"only {compared} loci compared");
    }

    internal static void AssertClose(double expected, double actual, string what, double relative = 1e-9)
    {
        if (expected == 0)
        {
            Assert.True(actual == 0, $"{what}: expected 0, got {actual}");
            return;
        }

        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error < relative, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2})");
    }
}
