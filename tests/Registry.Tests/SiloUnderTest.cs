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

    public HttpClient Http { get; private set; } = null!;

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
        };
        configure?.Invoke(options);
        var silo = new SiloUnderTest(options);
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

    private async Task StartHostAsync()
    {
        Options.Urls = "http://127.0.0.1:0";
        Host = await RegistryHost.StartAsync(Options, TextWriter.Null);
        Http = new HttpClient { BaseAddress = new Uri(Host.Url) };
    }
}
