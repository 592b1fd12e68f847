using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Matching.Silo.Access;

/// <summary>
/// ASP.NET Core's rate limiter, per caller: research starts (each searches every case again) and imports in flight
/// (each holds a connection and a core while it commits).
/// </summary>
public static class RequestRates
{
    public const string Research = "research";
    public const string Imports = "imports";

    public const int ResearchPerHour = 10;
    public const int ImportsAtOnce = 4;

    public static IServiceCollection AddRequestRates(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(Research, http => RateLimitPartition.GetFixedWindowLimiter(Partition(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = ResearchPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));
        limiter.AddPolicy(Imports, http => RateLimitPartition.GetConcurrencyLimiter(Partition(http), _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = ImportsAtOnce,
            QueueLimit = 0,
        }));
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var what = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Audited>()?.Action == "research"
                ? string.Create(CultureInfo.InvariantCulture, $"{ResearchPerHour} research starts an hour")
                : string.Create(CultureInfo.InvariantCulture, $"{ImportsAtOnce} imports at once");
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await context.HttpContext.Response.WriteAsJsonAsync(new Api.ApiError($"this caller may make {what}; try again later"), cancellationToken);
        };
    });

    /// <summary>Each caller its own limits; callers are known here, as the limiter runs after authorization.</summary>
    private static string Partition(HttpContext http) => CallerClaims.Caller(http.User)?.Subject ?? "anonymous";
}
