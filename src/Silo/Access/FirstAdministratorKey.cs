using Matching.Registry.Access;
using Matching.Silo.Services;

namespace Matching.Silo.Access;

/// <summary>
/// A new registry's way in: its first start issues one national administrator key and writes it to a file in the
/// data folder that only its owner can read, so whoever runs the silo (and the `matching` commands beside it) can
/// issue every other key. A registry that has keys issues none.
/// </summary>
public static class FirstAdministratorKey
{
    public const string DefaultFile = "admin.key";

    /// <summary>The new key's secret, or null when the registry already had keys.</summary>
    public static async Task<string?> EnsureAsync(ApiKeyService service, IApiKeyStore keys, string? file, TextWriter console,
        CancellationToken cancellationToken)
    {
        if (await keys.AnyAsync(cancellationToken))
        {
            return null;
        }

        // The first key is issued by the registry itself, and audited as such.
        var audit = new AuditEntry("registry first start", "", "", "", "local", "first-start", "create-key", [], 1, StatusCodes.Status201Created);
        var (key, secret, _) = await service.CreateAsync("first national administrator", AccessRoleNames.NationalAdmin, [], null, "registry first start",
            audit, cancellationToken);
        if (file is null)
        {
            return secret;
        }

        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(secret);
        }

        console.WriteLine($"""
            matching: first start: a national administrator key (key {key!.Id}, valid until {key.ExpiresAt:yyyy-MM-dd}) is in {path},
            matching:   readable by its owner only. `matching` commands run from this folder use it; issue keys for offices and labs with
            matching:   matching keys create --role provincial-office --province NAME --name "NAME office"
            matching:   the offices' pages: open /signin on the registry's address and paste that key
            """);
        return secret;
    }
}
