using Microsoft.Extensions.DependencyInjection;
using Matching.Grains.Buckets;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Matching.Grains;

/// <summary>
/// What both kinds of bucket share: the implicit subscription to their stream (key = bucket number), and answering
/// each submission's coordinator with the candidates the bucket scored.
/// </summary>
public abstract class LocusBucketGrain : Grain, IStreamSubscriptionObserver, IAsyncObserver<Submission>
{
    private readonly RecentScores _recent = new();

    protected BucketNumber Bucket => BucketNumber.OfKey(this.GetPrimaryKeyString());

    /// <summary>What this bucket found for a submission, or null when the submission is not for this side.</summary>
    protected abstract BucketScore? Score(Submission submission);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<Submission>().ResumeAsync(this);

    public async Task OnNextAsync(Submission item, StreamSequenceToken? token = null)
    {
        if (_recent.TryGet(Shared(item), out var answered))
        {
            // A copy the sweep sent while the first was still queued, or one whose report was lost: answer again.
            await GrainFactory.GetGrain<IMatchCoordinatorGrain>(item.SearchId)
                .Report(Bucket, answered.Candidates, answered.Scored, answered.Held);
        }
        else if (Score(item) is { } score)
        {
            _recent.Add(Shared(item), score);
            var metrics = ServiceProvider.GetRequiredService<RegistryMetrics>();
            metrics.PairsScored.Add(score.Scored);
            metrics.Members(this.GetPrimaryKeyString(), score.Held);
            await GrainFactory.GetGrain<IMatchCoordinatorGrain>(item.SearchId)
                .Report(Bucket, score.Candidates, score.Scored, score.Held);
        }
    }

    /// <summary>
    /// The key the buckets of a silo share a submission's queries under: its search, and whether it is exhaustive
    /// (the same search started again exhaustively is a different submission only in that).
    /// </summary>
    protected static long Shared(Submission submission) => (submission.SearchId * 2) + (submission.Exhaustive ? 1 : 0);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
