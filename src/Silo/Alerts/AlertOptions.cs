namespace Matching.Silo.Alerts;

/// <summary>How webhooks are delivered: the first retry's delay (doubling after each failure, at most an hour), the attempts before a delivery is dead, how often the outbox is read.</summary>
public sealed class AlertOptions
{
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    public int Attempts { get; set; } = 15;

    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one webhook may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public static TimeSpan LongestRetry { get; } = TimeSpan.FromHours(1);

    /// <summary>The wait after the <paramref name="attempts"/>-th failure.</summary>
    public TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (long)Math.Pow(2, Math.Min(attempts - 1, 30))));
}
