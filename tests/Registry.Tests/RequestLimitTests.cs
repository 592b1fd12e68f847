using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Registry.Access;

namespace Matching.Registry.Tests;

/// <summary>Body limits per endpoint and the rate limits per caller and address, on one silo with small limits.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestLimitTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const long Megabyte = 1024 * 1024;

    private readonly Families _people = new(413);
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await SiloUnderTest.StartAsync(postgres, "limits", o => (o.BodyLimit, o.ImportBodyLimit) = (1 * Megabyte, 2 * Megabyte));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    /// <summary>Registration lines of new persons, at least <paramref name="bytes"/> long.</summary>
    private string Lines(long bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(Families.Unknown($"BIG-{i}", 'M', _people.Person())).Append('\n');
        }

        return text.ToString();
    }

    private static async Task<string> Refusal(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    [Fact]
    public async Task A_body_over_its_endpoints_limit_is_refused_with_413_naming_the_limit_and_an_import_takes_more()
    {
        var body = Lines(3 * Megabyte / 2);
        using (var declared = await _silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/profiles")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson"),
            Headers = { ExpectContinue = true },
        }))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
            Assert.Contains("limit of 1 MB", await Refusal(declared), StringComparison.Ordinal);
        }

        // Sent without a length, the body is cut off as it passes the limit.
        using (var streamed = await _silo.Http.PostAsync("/api/profiles", new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)))
        {
            Headers = { ContentType = new("application/x-ndjson") },
        }))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
            Assert.Contains("limit of 1 MB", await Refusal(streamed), StringComparison.Ordinal);
        }

        using (var import = await _silo.Http.PostAsync("/api/imports", new StringContent(body, Encoding.UTF8, "application/x-ndjson")))
        {
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        }

        // As curl does for a large body: the client waits for the server's go-ahead, so a refusal of its declared
        // length comes before the body is sent and never races it (a broken pipe otherwise, now and then).
        using var tooBig = await _silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/imports")
        {
            Content = new StringContent(Lines(5 * Megabyte / 2), Encoding.UTF8, "application/x-ndjson"),
            Headers = { ExpectContinue = true },
        });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("limit of 2 MB", await Refusal(tooBig), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_may_start_ten_researches_an_hour_and_another_caller_is_not_held_back()
    {
        for (var i = 0; i < 10; i++)
        {
            using var started = await _silo.Http.PostAsJsonAsync("/api/research", new { reason = $"start {i}" });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        using var eleventh = await _silo.Http.PostAsJsonAsync("/api/research", new { reason = "one more" });
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Contains("10 research starts an hour", await Refusal(eleventh), StringComparison.Ordinal);

        var (_, operatorKey) = await _silo.IssueKeyAsync("operator");
        using var other = _silo.ClientWith(operatorKey);
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync("/api/research", new { reason = "the operator's own" })).StatusCode);
    }

    [Fact]
    public async Task An_address_that_fails_thirty_sign_ins_in_a_minute_is_answered_429()
    {
        using var guesser = _silo.ClientWith(ApiKeySecret.New());
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/stats")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/api/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _silo.Http.GetAsync("/api/stats")).StatusCode);
        // The probes carry no credentials and are never held.
        using var probe = _silo.ClientWith(null);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    /// <summary>A stream HttpClient cannot measure, so it sends the body chunked, with no length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
