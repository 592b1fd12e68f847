using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Matching.Registry.Tests;

/// <summary>The registry's metrics at /metrics in Prometheus' text format: for operators only, and counting what happened.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class MetricsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(2121);
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloUnderTest.StartAsync(postgres, "metrics");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Operators_read_the_registrys_own_counters_beside_orleans_and_aspnetcore_and_offices_do_not()
    {
        var father = _people.Person();
        await _silo.PostAsync(Families.Reference("F-M", "CASE-M", "father", 'M', father), Families.Unknown("C-M", 'F', _people.Child(father, _people.Person())),
            Families.Unknown("U-M", 'M', _people.Person()));
        await _silo.SettleAsync();

        var (_, operatorKey) = await _silo.IssueKeyAsync("operator");
        var (_, officeKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _silo.ClientWith(null).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.ClientWith(officeKey).GetAsync("/metrics")).StatusCode);

        // The exporter collects on a scrape, so the values are read until the searches of the three registrations show.
        string text = "";
        for (var attempt = 0; attempt < 20 && Value(text, "matching_searches_completed_total") < 3; attempt++)
        {
            text = await _silo.ClientWith(operatorKey).GetStringAsync("/metrics");
            await Task.Delay(250);
        }

        Assert.True(Value(text, "matching_profiles_registered_total") >= 3, text);
        // Three profiles, each owing one search (the father's case and two persons).
        Assert.True(Value(text, "matching_searches_completed_total") >= 3, text);
        Assert.True(Value(text, "matching_searches_started_total") >= Value(text, "matching_searches_completed_total"));
        Assert.True(Value(text, "matching_pairs_scored_total") >= 2, "the case against two persons at least");
        Assert.Contains("matching_search_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Matches("(?m)^http_server_request_duration_seconds_count", text);
        Assert.DoesNotContain("C-M", text, StringComparison.Ordinal); // no person, case or genotype becomes a label
        Assert.DoesNotContain("CASE-M", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_the_operators_and_never_shows_a_profiles_genotypes()
    {
        var father = _people.Person();
        await _silo.PostAsync(Families.Reference("F-D", "CASE-D", "father", 'M', father));
        await _silo.SettleAsync();
        var (_, operatorKey) = await _silo.IssueKeyAsync("operator");
        var (_, officeKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var operators = _silo.ClientWith(operatorKey);

        var clusterStats = await operators.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, clusterStats.StatusCode);
        Assert.Contains("hosts", await clusterStats.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await operators.GetAsync("/dashboard/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _silo.ClientWith(officeKey).GetAsync("/dashboard/DashboardCounters")).StatusCode);
        // Without a key the dashboard, like the pages, sends the browser to sign in.
        var anonymous = await _silo.ClientWith(null).GetAsync("/dashboard/DashboardCounters");
        Assert.Equal("/signin", anonymous.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("hosts", await anonymous.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The profile grain's state is its genotypes: refused to the operator, whatever the grain asked for.
        var state = await operators.GetAsync("/dashboard/GrainState?grainId=F-D&grainType=Matching.Grains.ProfileGrain");
        Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operators.GetAsync("/dashboard/Trace")).StatusCode);
    }

    /// <summary>The sum of a metric's samples across its labels (0 when absent).</summary>
    private static double Value(string text, string metric) =>
        Sample().Matches(text).Where(m => m.Groups["name"].Value == metric).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?m)^(?<name>[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)")]
    private static partial Regex Sample();
}
