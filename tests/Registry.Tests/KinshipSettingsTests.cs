using System.Net.Http.Json;
using System.Text.Json;
using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>
/// Results say how they were made: every match names the kinship settings of the silo that stored it; a silo whose
/// settings differ from its running cluster's refuses to start and names the difference; a research after a change
/// records the new settings, and so do the matches it stores.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KinshipSettingsTests(PostgresFixture postgres)
{
    private readonly Families _people = new(1978);

    [Fact]
    public void A_tables_content_hash_follows_its_numbers_not_its_name()
    {
        var table = FrequencyTable.DefaultEastAsia();
        var renamed = new FrequencyTable("another name", table.Loci);
        var first = table.Loci[0];
        var nudged = new LocusFrequencies(first.Locus, first.Alleles, [first.Frequencies[0] * 1.01, .. first.Frequencies.Skip(1)], first.AllelesCounted);
        var changed = new FrequencyTable(table.Name, [nudged, .. table.Loci.Skip(1)]);
        Assert.Equal(table.ContentHash, renamed.ContentHash);
        Assert.NotEqual(table.ContentHash, changed.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", table.ContentHash);
    }

    [Fact]
    public async Task Matches_name_their_settings_and_a_silo_with_other_settings_cannot_join_a_running_cluster()
    {
        await using var silo = await SiloUnderTest.StartAsync(postgres, "settings");
        var father = _people.Person();
        var child = _people.Child(father, _people.Person());
        await silo.PostAsync(Families.Reference("F-1", "CASE-1", "father", 'M', father), Families.Unknown("U-1", 'M', child));
        await silo.SettleAsync();

        var match = Assert.Single(await silo.AllMatchesAsync("/api/matches"));
        var firstId = match.GetProperty("settingsId").GetInt32();
        var settings = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/kinship-settings/{firstId}");
        Assert.Equal((0.0, "none", 1000.0, KinshipEngine.Version), (settings.GetProperty("theta").GetDouble(), settings.GetProperty("mutationModel").GetString(),
            settings.GetProperty("reportingThreshold").GetDouble(), settings.GetProperty("engineVersion").GetString()));
        Assert.Equal(FrequencyTable.DefaultEastAsia().Name, settings.GetProperty("frequencyTable").GetString());

        var other = Copy(silo.Options, theta: 0.01);
        var refused = await Assert.ThrowsAsync<StartupException>(() => RegistryHost.StartAsync(other, TextWriter.Null));
        Assert.Equal(StartupException.Configuration, refused.ExitCode);
        Assert.Contains("θ 0.01 here, 0 in the cluster", refused.Message, StringComparison.Ordinal);

        // The same settings join; after the cluster stops, new settings are its own, and a research records them.
        await using (await RegistryHost.StartAsync(Copy(silo.Options, theta: 0), TextWriter.Null))
        {
        }

        await silo.RestartAsync(o => o.Theta = 0.01);
        using var started = await silo.Http.PostAsJsonAsync("/api/research", new { reason = "θ raised to 0.01" });
        var research = await started.Content.ReadFromJsonAsync<JsonElement>();
        var secondId = research.GetProperty("settingsId").GetInt32();
        Assert.NotEqual(firstId, secondId);
        for (var i = 0; i < 300 && !(await silo.Http.GetFromJsonAsync<JsonElement>($"/api/research/{research.GetProperty("id").GetInt64()}")).GetProperty("done").GetBoolean(); i++)
        {
            await Task.Delay(200);
        }

        var researched = Assert.Single(await silo.AllMatchesAsync("/api/matches"));
        Assert.Equal(secondId, researched.GetProperty("settingsId").GetInt32());
        var now = await silo.Http.GetFromJsonAsync<JsonElement>($"/api/kinship-settings/{secondId}");
        Assert.Equal(0.01, now.GetProperty("theta").GetDouble());
    }

    private static SiloOptions Copy(SiloOptions options, double theta) => new()
    {
        ConnectionString = options.ConnectionString,
        ClusterId = options.ClusterId,
        Mutation = options.Mutation,
        Theta = theta,
        Urls = "http://127.0.0.1:0",
        SiloPort = LoopbackPort.Free(),
        GatewayPort = LoopbackPort.Free(),
    };
}
