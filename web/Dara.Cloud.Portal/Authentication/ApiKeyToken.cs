using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// An organization API key as callers present it: <c>dara_&lt;tenant&gt;_&lt;secret&gt;</c>. The tenant part says which
/// organization to ask (tenant ids hold no '_'), the secret is what that organization checks against its stored hash.
/// </summary>
public readonly record struct ApiKeyToken(TenantId Tenant, string Secret)
{
    public const string Prefix = "dara_";

    // Secrets are printable ASCII without spaces; anything longer than this is not a key we issued.
    private const int MaxSecretLength = 256;

    /// <summary>The text a caller sends.</summary>
    public override string ToString() => $"{Prefix}{Tenant.Value}_{Secret}";

    /// <summary>A short, stable id for the key in audit trails, that does not reveal the secret.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret)))[..12];

    /// <summary>True when <paramref name="text"/> looks like a key we issue (it may still be unknown or revoked).</summary>
    public static bool LooksLikeKey(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (!LooksLikeKey(text))
        {
            return false;
        }

        var rest = text![Prefix.Length..];
        var separator = rest.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !TenantId.TryParse(rest[..separator], out var tenant))
        {
            return false;
        }

        var secret = rest[(separator + 1)..];
        if (secret.Length is 0 or > MaxSecretLength || secret.Any(c => c is <= ' ' or > '~'))
        {
            return false;
        }

        token = new ApiKeyToken(tenant, secret);
        return true;
    }
}
