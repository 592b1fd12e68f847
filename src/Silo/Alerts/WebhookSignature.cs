using System.Security.Cryptography;
using System.Text;

namespace Matching.Silo.Alerts;

/// <summary>
/// A webhook's signature: hex HMAC-SHA256 under the subscription's secret of "{timestamp}.{body}", sent as
/// X-Matching-Signature: sha256=… beside X-Matching-Timestamp (Unix seconds), so a receiver can refuse forgeries
/// and stale replays.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Matching-Signature";
    public const string TimestampHeader = "X-Matching-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>A new subscription's secret: 32 random bytes, base64url, behind whsec_.</summary>
    public static string NewSecret() => "whsec_" + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
