using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Matching.Registry.Database;
using Matching.Silo;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Matching.Registry.Tests;

/// <summary>
/// Tokens of the state's identity provider, accepted beside the registry's keys: signed by a key of the provider's
/// JWKS, for the registry's audience, unexpired; the role and provinces they name scope the caller as a key would.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IdentityProviderTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test/realms/registry";
    private readonly RSA _provider = RSA.Create(2048);
    private readonly string _jwks = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
    private SiloUnderTest _silo = null!;

    public async Task InitializeAsync()
    {
        var key = _provider.ExportParameters(false);
        await File.WriteAllTextAsync(_jwks, JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "provider-1", n = Base64UrlEncoder.Encode(key.Modulus), e = Base64UrlEncoder.Encode(key.Exponent) } },
        }));
        _silo = await SiloUnderTest.StartAsync(postgres, "oidc", options =>
        {
            options.IdentityProvider.Issuer = Issuer;
            options.IdentityProvider.SigningKeysFile = _jwks;
        });
        var people = new Families(88);
        await _silo.PostAsync(Families.Unknown("S-1", 'F', people.Person(), "Sichuan"), Families.Unknown("H-1", 'F', people.Person(), "Henan"));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        File.Delete(_jwks);
        _provider.Dispose();
    }

    private string Token(string role, string province, DateTime? expires = null, string audience = "matching", RSA? signer = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = DateTime.UtcNow.AddMinutes(-10),
            IssuedAt = DateTime.UtcNow.AddMinutes(-10),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "user-4711",
                ["matching_role"] = role,
                ["matching_province"] = province,
                ["matching_office"] = $"{province} provincial office",
            },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? _provider) { KeyId = "provider-1" }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private async Task<HttpStatusCode> Get(string token, string path)
    {
        using var http = _silo.ClientWith(token);
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_providers_token_is_a_caller_scoped_by_the_role_and_province_it_names()
    {
        var office = Token("provincial-office", "Sichuan");
        Assert.Equal(HttpStatusCode.OK, await Get(office, "/api/profiles/S-1"));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(office, "/api/profiles/H-1"));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(Token("operator", "Sichuan"), "/api/profiles/S-1"));

        await using var database = new RegistryDatabase(_silo.Options.ConnectionString!);
        await using var command = database.DataSource.CreateCommand(
            "SELECT subject, role, office, provinces FROM registry.audit_log WHERE action = 'read-profile' AND outcome = 200 ORDER BY id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("oidc user-4711", "provincial-office", "Sichuan provincial office", "Sichuan"),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
    }

    [Fact]
    public async Task An_expired_token_another_audiences_token_and_a_token_signed_by_another_key_are_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token("provincial-office", "Sichuan", expires: DateTime.UtcNow.AddMinutes(-6)), "/api/profiles/S-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token("provincial-office", "Sichuan", audience: "someone-else"), "/api/profiles/S-1"));
        using var stranger = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Token("national-admin", "Sichuan", signer: stranger), "/api/profiles/S-1"));
        // A token naming no role the registry knows is a caller with no access.
        Assert.Equal(HttpStatusCode.Forbidden, await Get(Token("superuser", "Sichuan"), "/api/profiles/S-1"));
    }
}
