using Matching.Grains;
using Matching.Grains.Buckets;

namespace Matching.Registry.Tests;

/// <summary>A bucket answers a repeated submission from memory, for its latest submissions only.</summary>
public sealed class RecentScoresTests
{
    [Fact]
    public void A_repeated_submission_gets_the_first_answer_and_the_oldest_are_forgotten_first()
    {
        var recent = new RecentScores(capacity: 3);
        for (var search = 1L; search <= 4; search++)
        {
            recent.Add(search, new BucketScore([new Candidate($"P-{search}", "C-1", search * 10.0)], search, 100));
        }

        // A second answer for a search already answered does not replace the first.
        recent.Add(4, new BucketScore([], 0, 0));
        Assert.False(recent.TryGet(1, out _));
        Assert.True(recent.TryGet(4, out var four));
        Assert.Equal(("P-4", 40.0, 4L), (Assert.Single(four.Candidates).ProfileId, four.Candidates[0].Lr, four.Scored));
        Assert.True(recent.TryGet(2, out _) && recent.TryGet(3, out _));
    }
}
