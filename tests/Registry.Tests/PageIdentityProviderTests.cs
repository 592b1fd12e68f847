using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Playwright;

namespace Matching.Registry.Tests;

/// <summary>
/// The pages' sign-in at the state's identity provider, in a real browser: an OpenID provider of the test's own (on
/// localhost, another site than the registry's 127.0.0.1) answers the authorization code flow with PKCE, and its ID
/// token names the caller as its bearer tokens do. The session it starts is scoped like a key's; a token that names
/// no role starts none.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PageIdentityProviderTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string ClientId = "matching-pages";
    private readonly RSA _signer = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, string RedirectUri)> _codes = new();
    private readonly Families _people = new(4242);
    private Dictionary<string, object> _user = [];
    private WebApplication _provider = null!;
    private string _issuer = "";
    private SiloUnderTest _silo = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await HeadlessChromium.LaunchAsync();
        _issuer = $"http://localhost:{LoopbackPort.Free()}";
        _provider = Provider();
        await _provider.StartAsync();
        _silo = await SiloUnderTest.StartAsync(postgres, "oidcpages", options =>
        {
            options.IdentityProvider.Authority = _issuer;
            options.IdentityProvider.ClientId = ClientId;
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _silo.DisposeAsync();
        await _provider.DisposeAsync();
        _signer.Dispose();
    }

    /// <summary>
    /// The provider: discovery, its keys, an authorization endpoint that signs the test's user in at once, and a token
    /// endpoint that checks the code's PKCE verifier before it issues the ID token.
    /// </summary>
    private WebApplication Provider()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_issuer);
        var app = builder.Build();
        var key = _signer.ExportParameters(false);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["authorization_endpoint"] = $"{_issuer}/authorize",
            ["token_endpoint"] = $"{_issuer}/token",
            ["jwks_uri"] = $"{_issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "provider-1", n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } },
        }));
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            Assert.Equal((ClientId, "code", "S256"), (query["client_id"].ToString(), query["response_type"].ToString(), query["code_challenge_method"].ToString()));
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (query["nonce"].ToString(), query["code_challenge"].ToString(), query["redirect_uri"].ToString());
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var issued) || form["redirect_uri"] != issued.RedirectUri
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var claims = new Dictionary<string, object>(_user) { ["nonce"] = issued.Nonce };
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = _issuer,
                Audience = ClientId,
                IssuedAt = DateTime.UtcNow,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Claims = claims,
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signer) { KeyId = "provider-1" }, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = token });
        });
        return app;
    }

    private async Task<IPage> SignInAtProviderAsync()
    {
        var page = await (await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo.Host.Url, Locale = "en-GB" })).NewPageAsync();
        await page.GotoAsync("/signin");
        await page.ClickAsync("p.provider a");
        return page;
    }

    [Fact]
    public async Task An_office_signed_in_at_the_identity_provider_reads_its_provinces_pages_and_no_other()
    {
        var (father, mother) = (_people.Person(), _people.Person());
        await _silo.PostAsync(Families.Reference("F-S", "CASE-S", "father", 'M', father), Families.Unknown("C-S", 'M', _people.Child(father, mother)),
            Families.Reference("F-G", "CASE-G", "father", 'M', _people.Person(), province: "Guangdong"));
        await _silo.SettleAsync();
        _user = new() { ["sub"] = "li.wei", ["matching_role"] = "provincial-office", ["matching_province"] = "Sichuan", ["matching_office"] = "Chengdu office" };

        var page = await SignInAtProviderAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/" && url.StartsWith(_silo.Host.Url, StringComparison.Ordinal));
        Assert.Contains("Chengdu office", await page.Locator("header.bar").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("table.candidates tbody tr", new() { HasText = "CASE-S" }).CountAsync());
        await Shot(page, "14-signed-in-at-provider");

        var refused = await page.GotoAsync("/cases/CASE-G");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.Equal((int)HttpStatusCode.OK, (await page.GotoAsync("/cases/CASE-S"))!.Status);

        // The audit names the provider's subject, marked as the provider's, for the sign-in and the refusal.
        var audit = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/audit?limit=200");
        var rows = audit.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("action").GetString() == "page-sign-in (identity provider)" && r.GetProperty("subject").GetString() == "oidc li.wei");
        Assert.Contains(rows, r => r.GetProperty("action").GetString() == "page-case" && r.GetProperty("subject").GetString() == "oidc li.wei"
            && r.GetProperty("outcome").GetInt32() == 403);
    }

    [Fact]
    public async Task A_token_that_names_no_role_of_the_registry_starts_no_session()
    {
        _user = new() { ["sub"] = "visitor", ["matching_role"] = "mayor", ["matching_province"] = "Sichuan" };

        var page = await SignInAtProviderAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin" && new Uri(url).Query.Contains("failed", StringComparison.Ordinal));
        Assert.True(await page.Locator(".problem").IsVisibleAsync());
        await page.GotoAsync("/");
        Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
        var audit = await _silo.Http.GetFromJsonAsync<JsonElement>("/api/audit?limit=200");
        Assert.Contains(audit.GetProperty("rows").EnumerateArray(), r => r.GetProperty("action").GetString()!.StartsWith("page-sign-in (identity provider:", StringComparison.Ordinal)
            && r.GetProperty("outcome").GetInt32() == 401);
    }

    private static Task Shot(IPage page, string name) => HeadlessChromium.Shot(page, name);
}
