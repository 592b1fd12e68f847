using System.Globalization;

namespace Matching.Client.Commands;

/// <summary>`matching keys`: issue, list and revoke the registry's API keys (a national administrator's key).</summary>
public static class KeysCommand
{
    public const string Usage = """
        usage: matching keys create --role ROLE [--province NAME] [--name TEXT] [--days N] [--server URL] [--key KEY]
               matching keys list [--server URL] [--key KEY]
               matching keys revoke ID [--server URL] [--key KEY]
            issue an API key (printed alone on standard output, shown this once), list the keys, or revoke one;
            ROLE is national-admin, provincial-office, lab-pipeline, operator or auditor; a provincial office or
            lab pipeline acts in the provinces named (--province A,B); keys last 365 days unless --days N
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Arguments.ParseFor(args, Usage);
        using var client = RegistryClient.For(parsed);
        switch (parsed.Words)
        {
            case ["create"] when parsed.Text("--role") is { Length: > 0 } role:
                var provinces = (parsed.Text("--province") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var name = parsed.Text("--name") ?? $"{role}{(provinces.Length > 0 ? " " + string.Join(",", provinces) : "")}";
                var issued = await client.CreateKeyAsync(name, role, provinces, parsed.Number("--days") is { } days ? (int)days : null);
                await output.WriteLineAsync(issued.Secret);
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"matching keys: key {issued.Key.Id} \"{issued.Key.Name}\", {issued.Key.Role}{Provinces(issued.Key)}, valid until {issued.Key.ExpiresAt:yyyy-MM-dd}; the registry keeps only its hash, so store it now"));
                return 0;
            case ["list"]:
                var keys = await client.KeysAsync();
                await output.WriteLineAsync($"{"id",5}  {"role",-18} {"state",-8} {"expires",-10}  name (provinces)");
                foreach (var key in keys)
                {
                    var state = key.RevokedAt is not null ? "revoked" : key.Valid ? "valid" : "expired";
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{key.Id,5}  {key.Role,-18} {state,-8} {key.ExpiresAt:yyyy-MM-dd}  {key.Name}{Provinces(key)}"));
                }

                return 0;
            case ["revoke", var text] when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id):
                var revoked = await client.RevokeKeyAsync(id);
                await error.WriteLineAsync($"matching keys: key {revoked.Id} \"{revoked.Name}\" revoked");
                return 0;
            default:
                await error.WriteLineAsync(Usage.TrimEnd());
                return MatchingCommand.Usage;
        }
    }

    private static string Provinces(KeyReply key) => key.Provinces.Count > 0 ? $" ({string.Join(", ", key.Provinces)})" : "";
}
