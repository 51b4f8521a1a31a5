using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Registry.Webhooks;

/// <summary>
/// The secret the Hub sends back in <c>X-Webhook-Secret</c>. Only its SHA-256 is stored; a presented secret is
/// hashed and compared in constant time, so neither the stored form nor the timing tells anything about it.
/// </summary>
public static class WebhookSecret
{
    /// <summary>The header the Hub sends the secret in.</summary>
    public const string HeaderName = "X-Webhook-Secret";

    /// <summary>A new secret: 32 random bytes, base64url (ASCII only, as the Hub requires).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a secret.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Whether <paramref name="presented"/> hashes to <paramref name="storedHash"/>; false for a missing or empty secret.</summary>
    public static bool Matches(string? presented, ReadOnlySpan<byte> storedHash) =>
        !string.IsNullOrEmpty(presented) && storedHash.Length == SHA256.HashSizeInBytes
        && CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
}
