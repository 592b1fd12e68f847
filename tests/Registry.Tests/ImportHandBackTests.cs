using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Matching.Kinship;
using Matching.Registry.Database;
using Matching.Registry.Stores;
using Matching.Registry.Synthetic;
using Matching.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Matching.Registry.Tests;

/// <summary>
/// A silo told to stop during an import commits what it has read, answers 503 with what that was, and the file sent
/// again to the next silo ends the import: nothing lost, nothing registered twice.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportHandBackTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_import_under_way_when_the_silo_stops_is_handed_back_and_finished_by_sending_it_again()
    {
        var lines = new SyntheticPopulation(FrequencyTable.DefaultEastAsia(), 4242).Generate(40, 300).Lines;
        var connectionString = await postgres.CreateDatabaseAsync("handback");
        var file = string.Join('\n', lines);

        var first = SiloUnderTest.OwnCluster(connectionString, "handback");
        first.ImportBatch = 5; // many small commits, so that the stop lands between two
        JsonElement handedBack;
        string key;
        await using (var host = await RegistryHost.StartAsync(first, TextWriter.Null))
        {
            key = host.AdminKey!;
            using var http = SiloUnderTest.ClientFor(host.Url, key);
            var posting = http.PostAsync("/api/imports", new StringContent(file, Encoding.UTF8, "application/x-ndjson"));
            var imports = host.Services.GetRequiredService<IImportStore>();
            var waited = 0;
            while ((await imports.RecentImportsAsync(null, 1)) is not [{ Records: >= 20 }])
            {
                Assert.True(waited++ < 400, "the import never got under way");
                await Task.Delay(10);
            }

            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            using var response = await posting;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            handedBack = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.Contains("send the whole file again", handedBack.GetProperty("error").GetString(), StringComparison.Ordinal);
        var import = handedBack.GetProperty("import");
        var committed = import.GetProperty("created").GetInt32();
        Assert.InRange(import.GetProperty("records").GetInt32(), 20, lines.Count - 1);
        Assert.Equal(committed, await ProfilesAsync(connectionString));

        // The next silo of the registry takes the whole file: what was committed comes back unchanged.
        var second = SiloUnderTest.OwnCluster(connectionString, "handback");
        await using (var host = await RegistryHost.StartAsync(second, TextWriter.Null))
        {
            using var http = SiloUnderTest.ClientFor(host.Url, key);
            using var response = await http.PostAsync("/api/imports", new StringContent(file, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var done = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((committed, lines.Count - committed, 0),
                (done.GetProperty("unchanged").GetInt32(), done.GetProperty("created").GetInt32(), done.GetProperty("rejected").GetInt32()));
        }

        Assert.Equal(lines.Count, await ProfilesAsync(connectionString));
    }

    /// <summary>The profiles the database holds, read back as its owner.</summary>
    private static async Task<int> ProfilesAsync(string connectionString)
    {
        await using var database = new RegistryDatabase(connectionString);
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM registry.profiles");
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
