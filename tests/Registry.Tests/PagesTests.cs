using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Matching.Registry.Tests;

/// <summary>
/// The offices' pages in a real headless browser (Debian's chromium, driven by Playwright): an office signs in,
/// reads its inbox, opens a match report whose numbers are the API's, records a review, prints, reads its case's
/// power, and is refused another province's case (audited). Every page's screenshot is written under
/// artifacts/pages beside the test assembly.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PagesTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly Families _people = new(1919);
    private SiloUnderTest _silo = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
        _silo = await SiloUnderTest.StartAsync(postgres, "pages");
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task An_office_signs_in_reviews_a_candidate_in_its_report_and_is_refused_another_provinces_case()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        var (otherFather, otherMother) = (_people.Person(), _people.Person());
        await _silo.PostAsync(Families.Reference("F-W", "CASE-W", "father", 'M', father), Families.Reference("M-W", "CASE-W", "mother", 'F', mother),
            Families.Unknown("C-W", 'M', _people.Child(father, mother)),
            Families.Reference("F-X", "CASE-X", "father", 'M', otherFather, province: "Guangdong"),
            Families.Unknown("C-X", 'F', _people.Child(otherFather, otherMother), province: "Guangdong"));
        await _silo.SettleAsync();
        var (_, office) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        using var api = _silo.ClientWith(office);

        var page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url, Locale = "en-GB" })).NewPageAsync();

        // 1. Sign in: any page sends a caller without a session to the sign-in page, and back after it.
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#key", office);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // 2. The inbox lists the province's candidate with the API's evidence.
        var row = page.Locator("table.candidates tbody tr", new() { HasText = "C-W" });
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("CASE-W", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("table.candidates", new() { HasText = "CASE-X" }).CountAsync());
        // Its counts by review state: every match the office may read is a candidate until someone reviews it.
        var visible = (await api.GetFromJsonAsync<JsonElement>("/api/matches?limit=1000")).GetProperty("matches").GetArrayLength();
        Assert.True(visible >= 1);
        Assert.Equal((visible.ToString("N0", CultureInfo.GetCultureInfo("en-GB")), "0"), await CountsAsync(page));
        // And each candidate's age, from when the API says a search first found it.
        var found = (await api.GetFromJsonAsync<JsonElement>("/api/matches?limit=1000")).GetProperty("matches").EnumerateArray()
            .Single(m => m.GetProperty("caseId").GetString() == "CASE-W").GetProperty("firstFoundAt").GetDateTimeOffset();
        var age = row.Locator("time");
        Assert.Equal(found, DateTimeOffset.Parse((await age.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture));
        Assert.Contains(await age.InnerTextAsync(), new[] { "just now", "1 min ago", "2 min ago" });
        await Shot(page, "1-inbox");

        // 3. The match report: each locus's LR and the combined LR are the API's report's.
        await row.Locator("a", new() { HasText = "Report" }).ClickAsync();
        await page.WaitForURLAsync("**/cases/CASE-W/candidates/C-W");
        // Enhanced navigation may change the address before it patches the page in.
        await page.Locator("table.loci").WaitForAsync();
        var report = await api.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W/candidates/C-W/report");
        var loci = report.GetProperty("loci").EnumerateArray().ToList();
        Assert.Equal(loci.Count, await page.Locator("table.loci tbody tr").CountAsync());
        foreach (var locus in loci)
        {
            var cell = page.Locator($"tr[data-locus='{locus.GetProperty("locus").GetString()}'] td[data-lr]");
            var shown = await cell.GetAttributeAsync("data-lr");
            if (locus.GetProperty("lr").ValueKind == JsonValueKind.Null)
            {
                Assert.True(string.IsNullOrEmpty(shown));
            }
            else
            {
                Assert.Equal(locus.GetProperty("lr").GetDouble(), double.Parse(shown!, CultureInfo.InvariantCulture));
            }
        }

        // Genotypes as reports write them, the smaller allele first.
        foreach (var locus in loci.Where(l => l.GetProperty("candidate").ValueKind == JsonValueKind.Array))
        {
            var alleles = locus.GetProperty("candidate").EnumerateArray().Select(a => a.GetString()!).ToList();
            var ordered = string.Join(" / ", alleles.OrderBy(a => double.Parse(a, CultureInfo.InvariantCulture)));
            Assert.Equal(ordered, await page.Locator($"tr[data-locus='{locus.GetProperty("locus").GetString()}'] td").First.InnerTextAsync());
        }

        var combined = await page.Locator("[data-figure=combined-lr]").GetAttributeAsync("data-value");
        Assert.Equal(report.GetProperty("lr").GetDouble(), double.Parse(combined!, CultureInfo.InvariantCulture));
        // The pedigree: father a filled square, mother a filled circle, the candidate in the missing person's place.
        Assert.Equal("true", await page.Locator("svg.pedigree-drawing g[data-member=F]").GetAttributeAsync("data-typed"));
        Assert.Equal(1, await page.Locator("svg.pedigree-drawing g[data-member=F] rect").CountAsync());
        Assert.Equal(1, await page.Locator("svg.pedigree-drawing g[data-member=Mo] circle").CountAsync());
        Assert.Contains("C-W", await page.Locator("svg.pedigree-drawing g[data-member=MP]").InnerHTMLAsync(), StringComparison.Ordinal);
        await Shot(page, "2-report");

        // 4. A review transition recorded from the page shows in its history, and the API reads it back.
        await page.SelectOptionAsync("#to", "under-review");
        await page.FillAsync("#reason", "checking the family's file");
        await page.ClickAsync("form.review-form button[type=submit]");
        await page.Locator("table.history tbody tr", new() { HasText = "checking the family's file" }).WaitForAsync();
        var review = await api.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W/candidates/C-W/review");
        Assert.Equal("under-review", review.GetProperty("review").GetProperty("state").GetString());
        Assert.Equal(1, review.GetProperty("review").GetProperty("version").GetInt32());
        Assert.Equal(("under-review", "under review"), (await page.Locator("[data-figure=state]").GetAttributeAsync("data-state"),
            await page.Locator("[data-figure=state]").InnerTextAsync()));
        await Shot(page, "3-reviewed");
        await page.GotoAsync("/");
        Assert.Equal(((visible - 1).ToString("N0", CultureInfo.GetCultureInfo("en-GB")), "1"), await CountsAsync(page));
        await page.GotoAsync("/cases/CASE-W/candidates/C-W");

        // 5. The print view: no navigation or forms, one A4 document.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("header.bar").IsVisibleAsync());
        Assert.False(await page.Locator("form.review-form").IsVisibleAsync());
        Assert.True(await page.Locator("table.loci").IsVisibleAsync());
        Assert.Contains("0.5", await page.Locator(".totals .print-only").InnerTextAsync(), StringComparison.Ordinal); // the prior, printed without its form
        Assert.True(await page.Locator(".totals .print-only").IsVisibleAsync());
        await Shot(page, "4-print");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", Path = Path.Combine(HeadlessChromium.Artifacts, "4-print.pdf") });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // 6. The case page shows the case's power as the API gives it.
        await page.GotoAsync("/cases/CASE-W");
        var power = await api.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W/power?relatives=false");
        var atLevel = power.GetProperty("thresholds").EnumerateArray().Single(t => t.GetProperty("threshold").GetDouble() == 10_000);
        var shownTrueChild = await page.Locator("tr[data-threshold='10000'] [data-figure=true-child]").InnerTextAsync();
        Assert.Equal(atLevel.GetProperty("trueChild").GetDouble(), double.Parse(shownTrueChild, CultureInfo.GetCultureInfo("en-GB")), 4);
        Assert.Contains("F-W", await page.Locator("section", new() { HasText = "References" }).First.InnerTextAsync(), StringComparison.Ordinal);
        await Shot(page, "5-case");

        // The missing child's sex, recorded from the case page as the API records it: a girl, so the boy C-W cannot be her.
        var candidate = page.Locator("table.candidates tbody tr", new() { HasText = "C-W" });
        Assert.NotEqual("0", await candidate.Locator("[data-figure=posterior]").InnerTextAsync());
        await page.SelectOptionAsync("#missing-sex", "F");
        await page.ClickAsync("form.missing-form button[type=submit]");
        await page.Locator(".saved").WaitForAsync();
        Assert.Equal("F", (await api.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W/missing-person")).GetProperty("sex").GetString());
        Assert.Equal("0", await candidate.Locator("[data-figure=posterior]").InnerTextAsync());
        Assert.Equal("F", await page.Locator("#missing-sex").InputValueAsync());
        await Shot(page, "5-case-missing-sex");
        await page.SelectOptionAsync("#missing-sex", "");
        await page.ClickAsync("form.missing-form button[type=submit]");
        await page.Locator(".saved").WaitForAsync();
        Assert.Equal(JsonValueKind.Null, (await api.GetFromJsonAsync<JsonElement>("/api/cases/CASE-W/missing-person")).GetProperty("sex").ValueKind);
        var recorded = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/audit?subject=CASE-W");
        Assert.Equal(2, recorded.GetProperty("rows").EnumerateArray().Count(r => r.GetProperty("action").GetString() == "page-record-missing-person"));

        // 7. Another province's case: a 403 page, and the refusal is in the audit.
        var refused = await page.GotoAsync("/cases/CASE-X");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.Contains("403", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("F-X", await page.ContentAsync(), StringComparison.Ordinal);
        await Shot(page, "6-forbidden");
        var audit = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/audit?subject=CASE-X");
        Assert.Contains(audit.GetProperty("rows").EnumerateArray(), r => r.GetProperty("action").GetString() == "page-case" && r.GetProperty("outcome").GetInt32() == 403);

        // The same pages in Chinese, from the resource files.
        await page.GotoAsync("/language?to=zh-CN&back=/");
        Assert.Contains("待审收件箱", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        // The review states in Chinese too, counts and lines alike.
        Assert.Contains("审核中", await page.Locator("table.counts thead").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("审核中", await page.Locator("table.candidates td[data-state=under-review]").First.InnerTextAsync());
        await Shot(page, "7-inbox-zh");
        await page.GotoAsync("/cases/CASE-W/candidates/C-W");
        Assert.Contains("比对报告", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await Shot(page, "8-report-zh");
    }

    /// <summary>The inbox's counts of candidates and of pairs under review, as shown.</summary>
    private static async Task<(string Candidates, string UnderReview)> CountsAsync(IPage page) =>
        (await page.Locator("table.counts td[data-state=candidate]").InnerTextAsync(), await page.Locator("table.counts td[data-state=under-review]").InnerTextAsync());

    [Fact]
    public async Task Links_patch_the_page_without_reloading_it_and_a_new_candidate_appears_in_the_inbox_live()
    {
        var page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url, Locale = "en-GB" })).NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", _silo.AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // Enhanced navigation: a mark left on the window survives going to the imports and back, as no page loads anew.
        await page.EvaluateAsync("window.stillHere = true");
        await page.ClickAsync("header.bar a[href='/imports']");
        await page.WaitForURLAsync("**/imports");
        await page.ClickAsync("header.bar a[href='/']");
        await page.Locator("#alerts").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.True(await page.EvaluateAsync<bool>("window.stillHere === true"));

        // The inbox brought in by that navigation listens again: a candidate found now appears without a reload.
        await page.WaitForFunctionAsync("performance.getEntriesByType('resource').some(e => e.name.includes('/api/alerts/stream'))");
        var (father, mother) = (_people.Person(), _people.Person());
        await _silo.PostAsync(Families.Reference("F-L", "CASE-L", "father", 'M', father), Families.Reference("M-L", "CASE-L", "mother", 'F', mother),
            Families.Unknown("C-L", 'F', _people.Child(father, mother)));
        var alert = page.Locator("#alerts li", new() { HasText = "CASE-L" });
        await alert.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("C-L", await alert.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("window.stillHere === true"));
        await Shot(page, "13-live-alert");
    }

    [Fact]
    public async Task An_operator_sees_the_silos_their_buckets_and_the_searches_pace_and_no_genotype()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        var persons = Enumerable.Range(1, 5).Select(i => Families.Unknown($"P-O{i}", 'F', _people.Person())).ToList();
        await _silo.PostAsync([Families.Reference("F-O", "CASE-O", "father", 'M', father), Families.Reference("M-O", "CASE-O", "mother", 'F', mother),
            Families.Reference("F-Q", "CASE-Q", "father", 'M', _people.Person()), .. persons]);
        await _silo.SettleAsync();
        var (_, operatorKey) = await _silo.IssueKeyAsync("operator");
        var page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url, Locale = "en-GB" })).NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", operatorKey);
        await page.ClickAsync("button[type=submit]");
        await page.GotoAsync("/operations");

        // Two cases and five persons registered here, every search done within the last minute: 7 over 60 s.
        Assert.Equal(("5", "2", "0"), (await page.Locator("[data-figure=persons]").InnerTextAsync(), await page.Locator("[data-figure=cases]").InnerTextAsync(),
            await page.Locator("[data-figure=pending]").InnerTextAsync()));
        Assert.True(double.Parse(await page.Locator("[data-figure=pace]").InnerTextAsync(), CultureInfo.GetCultureInfo("en-GB")) >= Math.Round(7 / 60.0, 1));
        var silo = page.Locator("table.silos tbody tr");
        Assert.Equal(1, await silo.CountAsync());
        Assert.Equal("7", await silo.Locator("[data-figure=members]").InnerTextAsync());
        // Every bucket of each side is listed on the one silo, by number.
        var buckets = _silo.Options.Buckets;
        foreach (var side in new[] { "cases", "persons" })
        {
            var listed = (await silo.Locator($"td[data-side={side}]").InnerTextAsync()).Split(" · ").Select(b => int.Parse(b.Split(' ')[0], CultureInfo.InvariantCulture));
            Assert.Equal(Enumerable.Range(0, buckets), listed.Order());
        }

        var content = await page.ContentAsync();
        Assert.DoesNotContain("P-O1", content, StringComparison.Ordinal);
        Assert.DoesNotContain("CASE-O", content, StringComparison.Ordinal);
        await Shot(page, "12-operations");
    }

    [Fact]
    public async Task Reading_works_without_javascript_and_a_role_the_page_does_not_admit_is_refused()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        await _silo.PostAsync(Families.Reference("F-J", "CASE-J", "father", 'M', father), Families.Unknown("C-J", 'M', _people.Child(father, mother)));
        await _silo.SettleAsync();
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", _silo.AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/cases/CASE-J/candidates/C-J");
        Assert.True(await page.Locator("table.loci tbody tr").CountAsync() > 10);
        await Shot(page, "9-report-without-javascript");

        // An auditor's session reaches the audit, not the offices' pages.
        var (_, auditor) = await _silo.IssueKeyAsync("auditor");
        var auditing = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url })).NewPageAsync();
        await auditing.GotoAsync("/signin");
        await auditing.FillAsync("#key", auditor);
        await auditing.ClickAsync("button[type=submit]");
        await auditing.WaitForURLAsync("**/audit");
        Assert.True(await auditing.Locator("table.audit tbody tr").CountAsync() > 0);
        await auditing.ClickAsync("form.chain button");
        Assert.Contains("intact", await auditing.Locator("[data-figure=chain]").InnerTextAsync(), StringComparison.Ordinal);
        await Shot(auditing, "10-audit");
        var refused = await auditing.GotoAsync("/cases/CASE-J");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.DoesNotContain("F-J", await auditing.ContentAsync(), StringComparison.Ordinal);

        // A wrong key is refused at the sign-in page.
        var stranger = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url })).NewPageAsync();
        await stranger.GotoAsync("/signin");
        await stranger.FillAsync("#key", "mk_not-a-key-this-registry-issued");
        await stranger.ClickAsync("button[type=submit]");
        Assert.True(await stranger.Locator(".problem").IsVisibleAsync());
        // Without a session a page sends the caller to sign in; the API answers 401 with no page.
        using var anonymous = _silo.ClientWith(null);
        Assert.Equal("/signin", (await anonymous.GetAsync("/cases/CASE-J")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cases/CASE-J/matches")).StatusCode);
    }

    [Fact]
    public async Task A_session_issued_by_one_silo_opens_on_another_of_the_same_registry()
    {
        // A second silo on the same database: the load balancer may send the next page to either.
        await using var other = await SiloUnderTest.JoinAsync(_silo);
        var first = _silo.Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("a session");
        var second = other.Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("a session");
        Assert.Equal("signed in at the first", second.Unprotect(first.Protect("signed in at the first")));

        // The ring is the database's, read back here.
        await using var database = new Registry.Database.RegistryDatabase(_silo.Options.ConnectionString!);
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM registry.data_protection_keys");
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);

        // And a browser signed in at the first silo reads a page at the second.
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", _silo.AdminKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        var cookies = await context.CookiesAsync();
        var elsewhere = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = other.Host.Url });
        await elsewhere.AddCookiesAsync([.. cookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = other.Host.Url })]);
        var there = await elsewhere.NewPageAsync();
        var answer = await there.GotoAsync("/");
        Assert.Equal((int)HttpStatusCode.OK, answer!.Status);
        Assert.Equal("/", new Uri(there.Url).AbsolutePath);
    }

    [Fact]
    public async Task A_lab_sees_its_imports_with_their_errors_and_an_office_not_the_labs()
    {
        var (_, lab) = await _silo.IssueKeyAsync("lab-pipeline", "Sichuan");
        using var labApi = _silo.ClientWith(lab);
        var file = string.Join('\n', Families.Unknown("LAB-P1", 'F', _people.Person(), "Sichuan"), "{\"id\": \"LAB-P2\", \"category\": \"unknown-parentage\"}");
        using var sent = await labApi.PostAsync("/api/imports", new StringContent(file, System.Text.Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var report = await labApi.GetFromJsonAsync<JsonElement>($"/api/imports/{id}");
        Assert.Equal(1, report.GetProperty("rejected").GetInt32());

        // The errors as JSON lines: one line a record error, naming the record.
        var lines = (await labApi.GetStringAsync($"/api/imports/{id}/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(report.GetProperty("errors").GetArrayLength(), lines.Length);
        Assert.Equal("LAB-P2", JsonDocument.Parse(lines[0]).RootElement.GetProperty("record").GetString());

        // The lab signs in and lands on its imports.
        var page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url })).NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", lab);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/imports");
        var row = page.Locator($"table.imports tr[data-import='{id}']");
        Assert.Equal(1, await row.CountAsync());
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/imports?id={id}");
        Assert.Equal("1", await page.Locator("[data-figure=rejected]").InnerTextAsync());
        Assert.Contains("LAB-P2", await page.Locator("table.errors").InnerTextAsync(), StringComparison.Ordinal);
        // The one person the import created owes one search; once it is done the page says so.
        await _silo.SettleAsync();
        await page.ReloadAsync();
        Assert.Equal("1 of 1 done", (await page.Locator("[data-figure=searches]").InnerTextAsync()).Trim());
        await Shot(page, "11-import");

        // An office sees neither the lab's import in its list nor its report.
        var (_, office) = await _silo.IssueKeyAsync("provincial-office", "Sichuan");
        var officePage = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url })).NewPageAsync();
        await officePage.GotoAsync("/signin");
        await officePage.FillAsync("#key", office);
        await officePage.ClickAsync("button[type=submit]");
        await officePage.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await officePage.GotoAsync("/imports");
        Assert.Equal(0, await officePage.Locator($"table.imports tr[data-import='{id}']").CountAsync());
        Assert.Equal((int)HttpStatusCode.Forbidden, (await officePage.GotoAsync($"/imports?id={id}"))!.Status);
    }

    private static Task Shot(IPage page, string name) => HeadlessChromium.Shot(page, name);
}
