using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>`--in-memory`: a working registry with no database, which says so.</summary>
public sealed class InMemoryHostTests
{
    [Fact]
    public async Task An_in_memory_registry_finds_a_match_and_warns_that_nothing_persists()
    {
        var people = new Families(404);
        var console = new StringWriter();
        var options = new SiloOptions
        {
            InMemory = true,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            Mutation = MutationModel.None,
            AdminKeyFile = null,
        };
        await using var host = await RegistryHost.StartAsync(options, console);
        using var http = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
        var father = people.Person();
        var child = people.Child(father, people.Person());

        var body = string.Join('\n', Families.Reference("F-1", "C-1", "father", 'M', father), Families.Unknown("U-1", 'M', child));
        (await http.PostAsync("/api/profiles", new StringContent(body, Encoding.UTF8, "application/x-ndjson"))).EnsureSuccessStatusCode();
        JsonElement stats;
        var waited = 0;
        while ((stats = await http.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("pendingSearches").GetInt64() > 0 && waited++ < 300)
        {
            await Task.Delay(200);
        }

        Assert.Contains("NOTHING PERSISTS", console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, stats.GetProperty("matches").GetInt64());
        var match = Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/cases/C-1/matches")).GetProperty("matches").EnumerateArray());
        var expected = Families.Duo(father, child);
        Assert.Equal(expected, match.GetProperty("lr").GetDouble(), expected * 1e-9);
    }
}
