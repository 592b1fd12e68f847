using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Matching.Registry.Alerts;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Alerts;

/// <summary>
/// Delivers the outbox's alerts to the offices' webhooks, at least once: each delivery is claimed for a lease (so
/// another silo takes it over if this one dies), signed, and sent; a failure is retried with doubling delays until
/// the attempts run out, and is then a dead letter for an administrator.
/// </summary>
public sealed partial class AlertDispatcher(AlertStore store, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertDispatcher> logger)
    : BackgroundService
{
    private const int ClaimedAtOnce = 32;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var http = new HttpClient { Timeout = settings.Timeout };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.ClaimDueAsync(ClaimedAtOnce, settings.Timeout * 3, stoppingToken);
                await Parallel.ForEachAsync(due, stoppingToken, (delivery, token) => new ValueTask(DeliverAsync(http, delivery, settings, token)));
                if (due.Count == ClaimedAtOnce)
                {
                    continue;
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // PostgreSQL away: the outbox keeps every alert until it is back.
                OutboxUnreadable(logger, e.GetType().Name);
            }

            try
            {
                await Task.Delay(settings.Poll, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(HttpClient http, AlertDelivery delivery, AlertOptions settings, CancellationToken cancellationToken)
    {
        var alert = delivery.Alert;
        var body = JsonSerializer.Serialize(new AlertMessage(delivery.IdempotencyKey, alert.Id, alert.CaseId, alert.ProfileId, alert.Lr, Math.Log10(alert.Lr), alert.At), Json);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.IdempotencyHeader, delivery.IdempotencyKey);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("matching-alerts", "1"));
        string error;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await store.DeliveredAsync(delivery, CancellationToken.None);
                return;
            }

            error = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? $"no answer within {settings.Timeout.TotalSeconds:0} s" : e.Message;
        }

        var dead = delivery.Attempts >= settings.Attempts;
        await store.FailedAsync(delivery, error, dead ? null : settings.RetryAfter(delivery.Attempts), CancellationToken.None);
        if (dead)
        {
            DeliveryDead(logger, delivery.Alert.Id, delivery.SubscriptionId, delivery.Attempts);
        }
        else
        {
            DeliveryFailed(logger, delivery.Alert.Id, delivery.SubscriptionId, delivery.Attempts, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert outbox could not be read ({ErrorType}); tried again shortly")]
    private static partial void OutboxUnreadable(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} to subscription {SubscriptionId}: attempt {Attempts} failed ({Error}); retried later")]
    private static partial void DeliveryFailed(ILogger logger, long alertId, long subscriptionId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {AlertId} to subscription {SubscriptionId} is a dead letter after {Attempts} attempts (GET /api/alerts/dead-letters)")]
    private static partial void DeliveryDead(ILogger logger, long alertId, long subscriptionId, int attempts);
}
