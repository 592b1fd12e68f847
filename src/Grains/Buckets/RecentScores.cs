namespace Matching.Grains.Buckets;

/// <summary>
/// What a bucket answered for its latest submissions. The sweep sends a submission again when its search has been
/// quiet for a while, which under a bulk import's backlog is often a search still waiting in the bucket's queue;
/// the second copy then gets the first one's answer again instead of a second scan.
/// </summary>
public sealed class RecentScores(int capacity = 8192)
{
    private readonly Dictionary<long, BucketScore> _scores = [];
    private readonly Queue<long> _order = new();

    public bool TryGet(long submission, out BucketScore score) => _scores.TryGetValue(submission, out score!);

    public void Add(long submission, BucketScore score)
    {
        if (!_scores.TryAdd(submission, score))
        {
            return;
        }

        _order.Enqueue(submission);
        if (_order.Count > capacity)
        {
            _scores.Remove(_order.Dequeue());
        }
    }
}
