using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>One silo on a real PostgreSQL database of its own, as a user runs it, with the HTTP client a test needs.</summary>
internal sealed class SiloUnderTest : IAsyncDisposable
{
    private SiloUnderTest(SiloOptions options) => Options = options;

    public SiloOptions Options { get; }

    public RegistryHost Host { get; private set; } = null!;

    /// <summary>A silo of its own cluster on <paramref name="connectionString"/>, on free loopback ports, its key kept in memory.</summary>
    public static SiloOptions OwnCluster(string connectionString, string purpose) => new()
    {
        ConnectionString = connectionString,
        Urls = "http://127.0.0.1:0",
        SiloPort = LoopbackPort.Free(),
        GatewayPort = LoopbackPort.Free(),
        ClusterId = $"{purpose}-{Guid.NewGuid():N}",
        AdminKeyFile = null,
    };

    /// <summary>A national administrator's HTTP client: the key the registry issued at its first start.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The first national administrator key, written by the silo's first start.</summary>
    public string AdminKey { get; private set; } = null!;

    /// <summary>An HTTP client with another key (or none).</summary>
    public HttpClient ClientWith(string? key) => ClientFor(Host.Url, key);

    /// <summary>An HTTP client of a registry at <paramref name="url"/> that sends <paramref name="key"/> (none when null).</summary>
    public static HttpClient ClientFor(string url, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    /// <summary>Issues a key through the API, as a national administrator would.</summary>
    public async Task<(long Id, string Secret)> IssueKeyAsync(string role, params string[] provinces)
    {
        using var response = await Http.PostAsJsonAsync("/api/keys", new { name = $"{role} {string.Join(",", provinces)}", role, provinces });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("key").GetProperty("id").GetInt64(), issued.GetProperty("secret").GetString()!);
    }

    /// <summary>A silo on a fresh database named after <paramref name="database"/>, without a mutation model unless told.</summary>
    public static async Task<SiloUnderTest> StartAsync(PostgresFixture postgres, string database, Action<SiloOptions>? configure = null)
    {
        var options = new SiloOptions
        {
            ConnectionString = await postgres.CreateDatabaseAsync(database),
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = $"{database}-{Guid.NewGuid():N}",
            Mutation = MutationModel.None,
            DataFolder = Path.Combine(Path.GetTempPath(), $"matching-silo-{Guid.NewGuid():N}"),
        };
        configure?.Invoke(options);
        var silo = new SiloUnderTest(options);
        await silo.StartHostAsync();
        return silo;
    }

    /// <summary>A second silo of the same registry (its database and cluster), beside <paramref name="first"/>.</summary>
    public static async Task<SiloUnderTest> JoinAsync(SiloUnderTest first)
    {
        var options = new SiloOptions
        {
            ConnectionString = first.Options.ConnectionString,
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            ClusterId = first.Options.ClusterId,
            Mutation = first.Options.Mutation,
            DataFolder = Path.Combine(Path.GetTempPath(), $"matching-silo-{Guid.NewGuid():N}"),
        };
        var silo = new SiloUnderTest(options) { AdminKey = first.AdminKey };
        await silo.StartHostAsync();
        return silo;
    }

    /// <summary>Stops the silo and starts another on the same database (after <paramref name="change"/> to its options).</summary>
    public async Task RestartAsync(Action<SiloOptions>? change = null)
    {
        await DisposeAsync();
        change?.Invoke(Options);
        await StartHostAsync();
    }

    public async Task<JsonElement> PostAsync(params string[] lines)
    {
        using var response = await Http.PostAsync("/api/profiles", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until no search is pending.</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await Http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("searches still pending after 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>Starts a research and waits until it is done.</summary>
    public async Task ResearchAsync(string reason)
    {
        using var started = await Http.PostAsJsonAsync("/api/research", new { reason });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        for (var i = 0; i < 600; i++)
        {
            if ((await Http.GetFromJsonAsync<JsonElement>($"/api/research/{id}")).GetProperty("done").GetBoolean())
            {
                await SettleAsync();
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"research {id} still running after 60 s");
    }

    /// <summary>Every match a page-by-page read gives (an endpoint of matches answers a page and the next cursor).</summary>
    public async Task<List<JsonElement>> AllMatchesAsync(string path, HttpClient? http = null)
    {
        var matches = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (string? next = null; ;)
        {
            var page = await (http ?? Http).GetFromJsonAsync<JsonElement>(next is null ? path : $"{path}{separator}after={Uri.EscapeDataString(next)}");
            matches.AddRange(page.GetProperty("matches").EnumerateArray());
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null)
            {
                return matches;
            }

            next = page.GetProperty("next").GetString();
        }
    }

    private async Task StartHostAsync()
    {
        Options.Urls = "http://127.0.0.1:0";
        Host = await RegistryHost.StartAsync(Options, TextWriter.Null);
        AdminKey ??= Host.AdminKey ?? throw new InvalidOperationException("a new registry issued no administrator key");
        Http = ClientWith(AdminKey);
    }
}
