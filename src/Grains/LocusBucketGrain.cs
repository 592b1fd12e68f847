using Matching.Kinship;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Matching.Grains.Buckets;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Matching.Grains;

/// <summary>
/// What both kinds of bucket share: the implicit subscription to their stream (key = bucket number), and answering
/// each submission's coordinator with the candidates the bucket scored.
/// </summary>
public abstract class LocusBucketGrain : Grain, IStreamSubscriptionObserver, IAsyncObserver<Submission>, ILocusBucketGrain
{
    private readonly RecentScores _recent = new();

    protected BucketNumber Bucket => BucketNumber.OfKey(this.GetPrimaryKeyString());

    /// <summary>How often a bucket checks that it is on its home silo (<see cref="Placement.BucketHome"/>) and moves there if not.</summary>
    private static readonly TimeSpan HomeCheck = TimeSpan.FromSeconds(10);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // After a silo joins, the buckets whose home it now is move there; after one dies, placement already put them home.
        this.RegisterGrainTimer(StayHomeAsync, HomeCheck + TimeSpan.FromMilliseconds(Random.Shared.Next(5000)), HomeCheck);
    }

    /// <summary>Loads the bucket's members from the registry.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    private async Task StayHomeAsync(CancellationToken cancellationToken)
    {
        var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var here = ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        if (silos.Count > 0 && !Placement.BucketHome.Of(this.GetGrainId(), [.. silos.Keys]).Equals(here))
        {
            // The members are reloaded from PostgreSQL where the bucket activates next; a search under way is swept if lost.
            this.MigrateOnIdle();
        }
    }

    /// <summary>The members this bucket holds.</summary>
    protected abstract int Members { get; }

    public Task<BucketHolding> Holding() =>
        Task.FromResult(new BucketHolding(ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(), Members));

    /// <summary>What this bucket found for a submission, or null when the submission is not for this side.</summary>
    protected abstract BucketScore? Score(Submission submission);

    /// <summary>Builds the queries <see cref="Score"/> will ask the silo's <see cref="SubmissionQueries"/> for, unless another bucket has.</summary>
    protected abstract void Prepare(Submission submission);

    /// <summary>For each subject, the members other than itself identical to it wherever both are typed, sharing at least <paramref name="minimumShared"/> loci.</summary>
    protected abstract List<List<IdentityMatch>> IdenticalTo(IReadOnlyList<(string Id, Profile Profile)> subjects, int minimumShared);

    public Task<List<IdentityMatch>> Identical(string profileId, Dna dna, int minimumShared) =>
        Task.FromResult(IdenticalTo([(profileId, dna.ToProfile())], minimumShared)[0]);

    public Task<List<List<IdentityMatch>>> IdenticalAll(List<IdentitySubject> subjects, int minimumShared) =>
        ServiceProvider.GetRequiredService<ScoringGate>().RunAsync(() => IdenticalTo([.. subjects.Select(s => (s.ProfileId, s.Dna.ToProfile()))], minimumShared));

    public Task<List<BucketAnswer>> ScoreAll(List<Submission> submissions) =>
        ServiceProvider.GetRequiredService<ScoringGate>().RunAsync(() => ScoreBatch(submissions));

    private List<BucketAnswer> ScoreBatch(List<Submission> submissions)
    {
        // One turn of this grain for the whole batch: its members stay in cache from one subject to the next. The
        // buckets of a silo all score the batch at once, each from its own place in it: first they build the
        // subjects' shared queries, each query by whichever bucket comes to it first and none waiting on another,
        // then they score.
        var answers = new BucketAnswer[submissions.Count];
        var buckets = ServiceProvider.GetRequiredService<IOptions<RegistryOptions>>().Value.Buckets;
        var first = (int)((long)Bucket.Value * submissions.Count / Math.Max(1, buckets));
        for (var i = 0; i < submissions.Count; i++)
        {
            Prepare(submissions[(first + i) % submissions.Count]);
        }

        long scored = 0;
        for (var i = 0; i < submissions.Count; i++)
        {
            var at = (first + i) % submissions.Count;
            var score = Score(submissions[at]);
            answers[at] = score is null ? new BucketAnswer([], 0, Members) : new BucketAnswer(score.Candidates, score.Scored, score.Held);
            scored += score?.Scored ?? 0;
        }

        var metrics = ServiceProvider.GetRequiredService<RegistryMetrics>();
        metrics.PairsScored.Add(scored);
        metrics.Members(this.GetPrimaryKeyString(), Members);
        return [.. answers];
    }

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
