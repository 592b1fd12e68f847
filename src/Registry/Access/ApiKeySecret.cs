using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Matching.Registry.Access;

/// <summary>
/// The secret of an API key: 32 random bytes behind a prefix that tells it from an identity provider's token. Only
/// its SHA-256 is stored: the key is shown once, and a stolen table holds nothing that opens the registry.
/// </summary>
public static class ApiKeySecret
{
    /// <summary>Every key starts so; a JWT never does (its first part is base64url JSON, "eyJ").</summary>
    public const string Prefix = "mk_";

    public static string New() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
