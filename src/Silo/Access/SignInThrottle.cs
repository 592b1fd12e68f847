using System.Globalization;
using System.Threading.RateLimiting;

namespace Matching.Silo.Access;

/// <summary>
/// Failed sign-ins, counted per client address with ASP.NET Core's rate limiters: an address whose credentials
/// failed <paramref name="failuresPerMinute"/> times in a minute has its requests with credentials answered 429 until
/// the minute ends, so keys cannot be guessed at speed. Only failures count, so an office behind one address that
/// signs in well is never slowed; requests without credentials (the health probes) are never held.
/// </summary>
public sealed class SignInThrottle(int failuresPerMinute) : IDisposable
{
    /// <summary>The default of --sign-in-failures.</summary>
    public const int DefaultFailuresPerMinute = 30;

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = failuresPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public void Dispose() => _failures.Dispose();

    public static IApplicationBuilder UseSignInThrottle(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Headers.Authorization.Count == 0)
        {
            await next(http);
            return;
        }

        var throttle = http.RequestServices.GetRequiredService<SignInThrottle>();
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle._failures.GetStatistics(address) is { CurrentAvailablePermits: 0 })
        {
            http.Response.Headers.RetryAfter = "60";
            await Results.Json(new Api.ApiError(string.Create(CultureInfo.InvariantCulture,
                $"too many failed sign-ins from this address within a minute; try again in a minute")),
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
            return;
        }

        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            using var counted = throttle._failures.AttemptAcquire(address);
        }
    });
}
