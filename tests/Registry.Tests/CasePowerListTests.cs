using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Registry.Database;
using Matching.Silo.Services;

namespace Matching.Registry.Tests;

/// <summary>
/// Every case's power, worked out in the background: the weak cases listed weakest first, each as its own power
/// endpoint gives it, within the caller's provinces, and worked out again when a case gains relatives.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CasePowerListTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(1010);
    private SiloUnderTest _silo = null!;
    private RegistryDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloUnderTest.StartAsync(postgres, "case_power");
        _database = new RegistryDatabase(_silo.Options.ConnectionString!);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _silo.DisposeAsync();
    }

    /// <summary>Waits until every case has its power worked out for its current revision.</summary>
    private async Task PowerCurrentAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            await using var command = _database.DataSource.CreateCommand("""
                SELECT count(*) FROM registry.cases c
                WHERE NOT EXISTS (SELECT 1 FROM registry.case_power w WHERE w.case_id = c.id AND w.revision = c.revision)
                """);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("case power not worked out within 60 s");
    }

    private async Task<List<(string CaseId, double TrueChild)>> WeakAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/cases?power=weak&limit=1");
        var cases = new List<(string, double)>();
        while (true)
        {
            cases.AddRange(page.GetProperty("cases").EnumerateArray().Select(c => (c.GetProperty("caseId").GetString()!, c.GetProperty("trueChild").GetDouble())));
            if (page.GetProperty("next").GetString() is not { } next)
            {
                return cases;
            }

            page = await http.GetFromJsonAsync<JsonElement>($"/api/cases?power=weak&limit=1&after={Uri.EscapeDataString(next)}");
        }
    }

    [Fact]
    public async Task The_weak_cases_are_listed_weakest_first_within_the_callers_provinces_and_leave_the_list_once_their_parents_are_typed()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        await _silo.PostAsync(
            Families.Reference("T-F", "T-CASE", "father", 'M', father), Families.Reference("T-M", "T-CASE", "mother", 'F', mother),
            Families.Reference("A-AUNT", "A-CASE", "paternal-aunt", 'F', _people.Person()),
            Families.Reference("H-AUNT", "H-CASE", "paternal-aunt", 'F', _people.Person(), "Henan"));
        await _silo.SettleAsync();
        await PowerCurrentAsync();

        var weak = await WeakAsync(_silo.Http);
        // An aunt alone rarely gives a true child LR 10,000; both parents nearly always do.
        Assert.Equal(["A-CASE", "H-CASE"], weak.Select(w => w.CaseId).Order());
        Assert.Equal(weak.OrderBy(w => w.TrueChild).ThenBy(w => w.CaseId, StringComparer.Ordinal), weak);
        foreach (var (caseId, trueChild) in weak)
        {
            // The background's grid rounds each locus's ln LR down by under 0.01 (CasePowerRefresher.Step), so its figure
            // lies between the exact ones at 10,000 moved by that much at every locus of the table, either way.
            var slack = Math.Exp(CasePowerRefresher.Step * Families.Table.Loci.Count);
            var (above, below) = (10_000 * slack, 10_000 / slack);
            var power = await _silo.Http.GetFromJsonAsync<JsonElement>(
                string.Create(CultureInfo.InvariantCulture, $"/api/cases/{caseId}/power?relatives=false&thresholds={above:R},{below:R}"));
            double At(double t) => power.GetProperty("thresholds").EnumerateArray().Single(f => f.GetProperty("threshold").GetDouble() == t).GetProperty("trueChild").GetDouble();
            Assert.InRange(trueChild, At(above) - 1e-9, At(below) + 1e-9);
            Assert.True(At(below) - At(above) < 0.2, $"{caseId}: the bracket [{At(above)}, {At(below)}] says little");
        }

        var (_, sichuanKey) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var sichuan = _silo.ClientWith(sichuanKey);
        Assert.Equal(["A-CASE"], (await WeakAsync(sichuan)).Select(w => w.CaseId));
        var output = new StringWriter();
        Assert.Equal(0, await Client.Commands.MatchingCommand.RunAsync(["power", "--weak", "--server", _silo.Host.Url, "--key", sichuanKey], output, TextWriter.Null));
        Assert.Equal(["A-CASE"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ')[0]));

        // The aunt's brother and his wife are found and typed: the case is worked out again and is no longer weak.
        await _silo.PostAsync(Families.Reference("A-F", "A-CASE", "father", 'M', _people.Person()), Families.Reference("A-M", "A-CASE", "mother", 'F', _people.Person()));
        await _silo.SettleAsync();
        await PowerCurrentAsync();
        Assert.Equal(["H-CASE"], (await WeakAsync(_silo.Http)).Select(w => w.CaseId));
    }
}
