using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Matching.Registry.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Matching.Registry.Tests;

/// <summary>
/// Alerts of new candidates, on one silo and a real PostgreSQL, to a webhook receiver of the test's own: down for
/// a while, then up; failing until its deliveries are dead letters, then resent; and the live stream of an office.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const double Level = 10_000;

    private readonly Families _people = new(777);
    private readonly ConcurrentBag<Received> _received = [];
    private readonly string _receiver = $"http://127.0.0.1:{LoopbackPort.Free()}";
    private SiloUnderTest _silo = null!;
    private RegistryDatabase _database = null!;
    private WebApplication? _hook;
    private volatile bool _failing;

    private sealed record Received(string Path, string Key, long Timestamp, string Signature, string Body);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_hook is not null)
        {
            await _hook.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _database.DisposeAsync();
            await _silo.DisposeAsync();
        }
    }

    private async Task StartSiloAsync(int attempts)
    {
        _silo = await SiloUnderTest.StartAsync(postgres, "alerts", o => (o.AlertFirstRetry, o.AlertAttempts) = (TimeSpan.FromMilliseconds(150), attempts));
        _database = new RegistryDatabase(_silo.Options.ConnectionString!);
    }

    /// <summary>The office's webhook: records every delivery it is sent, and answers 500 while failing.</summary>
    private async Task StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_receiver);
        builder.Logging.ClearProviders();
        _hook = builder.Build();
        _hook.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            _received.Add(new Received(path, request.Headers["Idempotency-Key"].ToString(), long.Parse(request.Headers["X-Matching-Timestamp"].ToString(),
                System.Globalization.CultureInfo.InvariantCulture), request.Headers["X-Matching-Signature"].ToString(), body));
            return _failing ? Results.StatusCode(500) : Results.Ok();
        });
        await _hook.StartAsync();
    }

    /// <summary>Cases of a father each, with his child registered as a person of unknown parentage, in the province given.</summary>
    private async Task RegisterFamiliesAsync(string prefix, int count, string province)
    {
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var father = _people.Person();
            lines.Add(Families.Reference($"{prefix}-F{i}", $"{prefix}-CASE{i}", "father", 'M', father, province));
            lines.Add(Families.Unknown($"{prefix}-U{i}", 'M', _people.Child(father, _people.Person()), province));
        }

        await _silo.PostAsync([.. lines]);
        await _silo.SettleAsync();
    }

    private async Task<(long Id, string Secret)> SubscribeAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsJsonAsync("/api/alerts/subscriptions", new { url = $"{_receiver}/{path}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("subscription").GetProperty("id").GetInt64(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>The pairs the database holds at or above the alert level, with a province of case or person in <paramref name="province"/> (null: any).</summary>
    private async Task<HashSet<(string CaseId, string ProfileId)>> PairsAboveLevelAsync(string? province)
    {
        await using var command = _database.DataSource.CreateCommand("""
            SELECT m.case_id, m.profile_id FROM registry.matches m
            JOIN registry.cases c ON c.id = m.case_id JOIN registry.profiles p ON p.id = m.profile_id
            WHERE m.lr >= @level AND (@province::text IS NULL OR c.province = @province OR p.province = @province)
            """);
        command.Parameters.AddWithValue("level", Level);
        command.Parameters.AddWithValue("province", NpgsqlTypes.NpgsqlDbType.Text, (object?)province ?? DBNull.Value);
        var pairs = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Until(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        for (var waited = 0; waited < seconds * 10; waited++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{what}: not within {seconds} s");
    }

    /// <summary>The pairs each delivery to <paramref name="path"/> named, once per idempotency key, every signature checked with <paramref name="secret"/>.</summary>
    private HashSet<(string, string)> DeliveredTo(string path, string secret)
    {
        var byKey = new Dictionary<string, (string, string)>();
        foreach (var delivery in _received.Where(r => r.Path == path))
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
                Encoding.UTF8.GetBytes($"{delivery.Timestamp}.{delivery.Body}")));
            Assert.Equal(expected, delivery.Signature);
            var message = JsonDocument.Parse(delivery.Body).RootElement;
            Assert.Equal(delivery.Key, message.GetProperty("idempotencyKey").GetString());
            var pair = (message.GetProperty("caseId").GetString()!, message.GetProperty("profileId").GetString()!);
            // A repeat of a key is the same alert; no alert comes under two keys.
            Assert.Equal(pair, byKey.TryGetValue(delivery.Key, out var seen) ? seen : byKey[delivery.Key] = pair);
        }

        Assert.Equal(byKey.Count, byKey.Values.Distinct().Count());
        return [.. byKey.Values];
    }

    [Fact]
    public async Task Every_alert_reaches_a_receiver_that_was_down_once_per_idempotency_key_and_only_in_its_provinces()
    {
        await StartSiloAsync(attempts: 100);
        var (_, sichuanKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var sichuan = _silo.ClientWith(sichuanKey);
        var (_, nationalSecret) = await SubscribeAsync(_silo.Http, "national");
        var (_, sichuanSecret) = await SubscribeAsync(sichuan, "sichuan");

        await RegisterFamiliesAsync("S", 4, "Sichuan");
        await RegisterFamiliesAsync("H", 4, "Henan");
        // Down: every delivery fails and is tried again.
        await Until(async () => await ScalarAsync("SELECT count(*) FROM registry.alert_deliveries WHERE attempts < 2") == 0, "two failed attempts each");
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM registry.alert_deliveries WHERE delivered_at IS NOT NULL"));

        await StartReceiverAsync();
        await Until(async () => await ScalarAsync("SELECT count(*) FROM registry.alert_deliveries WHERE delivered_at IS NULL") == 0, "every delivery made");

        var national = await PairsAboveLevelAsync(null);
        Assert.True(national.Count >= 6, $"only {national.Count} pairs at LR ≥ 10,000");
        Assert.Equal(national.OrderBy(p => p), DeliveredTo("national", nationalSecret).OrderBy(p => p));
        Assert.Equal((await PairsAboveLevelAsync("Sichuan")).OrderBy(p => p), DeliveredTo("sichuan", sichuanSecret).OrderBy(p => p));

        // A search that stores the same pairs again owes no second alert.
        var outbox = await ScalarAsync("SELECT count(*) FROM registry.alerts");
        await _silo.ResearchAsync("alerts once per pair");
        Assert.Equal(outbox, await ScalarAsync("SELECT count(*) FROM registry.alerts"));
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_a_dead_letter_an_administrator_reads_and_sends_again()
    {
        await StartSiloAsync(attempts: 3);
        _failing = true;
        await StartReceiverAsync();
        var (subscription, secret) = await SubscribeAsync(_silo.Http, "failing");
        await RegisterFamiliesAsync("D", 2, "Yunnan");
        var pairs = await PairsAboveLevelAsync(null);
        await Until(async () => await ScalarAsync("SELECT count(*) FROM registry.alert_deliveries WHERE dead_at IS NULL") == 0, "every delivery dead");

        var dead = (await _silo.Http.GetFromJsonAsync<JsonElement>("/api/alerts/dead-letters")).EnumerateArray().ToList();
        Assert.Equal(pairs.OrderBy(p => p), dead.Select(d => (d.GetProperty("caseId").GetString()!, d.GetProperty("profileId").GetString()!)).OrderBy(p => p));
        Assert.All(dead, d => Assert.Equal((3, "500 Internal Server Error", subscription),
            (d.GetProperty("attempts").GetInt32(), d.GetProperty("lastError").GetString(), d.GetProperty("subscriptionId").GetInt64())));
        Assert.Equal(3 * pairs.Count, _received.Count);

        // An office may not read them.
        var (_, officeKey) = await _silo.IssueKeyAsync("provincial-office", "Yunnan");
        using (var office = _silo.ClientWith(officeKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/api/alerts/dead-letters")).StatusCode);
        }

        _failing = false;
        using var retried = await _silo.Http.PostAsync($"/api/alerts/dead-letters/retry?subscription={subscription}", null);
        Assert.Equal(pairs.Count, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deliveries").GetInt32());
        await Until(async () => await ScalarAsync("SELECT count(*) FROM registry.alert_deliveries WHERE delivered_at IS NULL") == 0, "every delivery made");
        Assert.Equal(pairs.OrderBy(p => p), DeliveredTo("failing", secret).OrderBy(p => p));
    }

    [Fact]
    public async Task An_offices_stream_shows_new_candidates_of_its_province_and_resumes_after_the_last_event()
    {
        await StartSiloAsync(attempts: 3);
        var (_, sichuanKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var sichuan = _silo.ClientWith(sichuanKey);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await sichuan.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ReadEventsAsync(await response.Content.ReadAsStreamAsync(cancel.Token), cancel.Token);

        await RegisterFamiliesAsync("H", 2, "Henan");
        await RegisterFamiliesAsync("S", 3, "Sichuan");
        var expected = await PairsAboveLevelAsync("Sichuan");
        var seen = new List<(long Id, string CaseId, string ProfileId)>();
        await foreach (var e in events)
        {
            seen.Add(e);
            if (seen.Count == expected.Count)
            {
                break;
            }
        }

        Assert.Equal(expected.OrderBy(p => p), seen.Select(e => (e.CaseId, e.ProfileId)).OrderBy(p => p));

        // A page that reconnects after its first event is sent the rest, and nothing of Henan.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        again.Headers.Add("Last-Event-ID", seen.Min(e => e.Id).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var resumed = await sichuan.SendAsync(again, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var rest = new List<(long, string, string)>();
        await foreach (var e in ReadEventsAsync(await resumed.Content.ReadAsStreamAsync(cancel.Token), cancel.Token))
        {
            rest.Add(e);
            if (rest.Count == expected.Count - 1)
            {
                break;
            }
        }

        Assert.Equal(seen.OrderBy(e => e.Id).Skip(1), rest.OrderBy(e => e.Item1));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM registry.audit_log WHERE action = 'alert-stream'"));
    }

    /// <summary>The "candidate" events of a server-sent event stream: id, case, person.</summary>
    private static async IAsyncEnumerable<(long Id, string CaseId, string ProfileId)> ReadEventsAsync(Stream stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "candidate")
            {
                var alert = JsonDocument.Parse(item.Data).RootElement;
                yield return (long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture), alert.GetProperty("caseId").GetString()!,
                    alert.GetProperty("profileId").GetString()!);
            }
        }
    }
}
