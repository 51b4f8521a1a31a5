using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// An organization API key as callers present it: <c>dara_&lt;tenant&gt;_&lt;secret&gt;</c> (<see cref="ApiKeySecrets"/>).
/// The tenant part says which organization to ask; only that organization can say whether the key is real.
/// </summary>
public readonly record struct ApiKeyToken(TenantId Tenant, string Key)
{
    // Keys we issue are ~70 printable ASCII characters; anything far longer is not one of ours.
    private const int MaxLength = 256;

    /// <summary>A short, stable id for the key in audit trails that does not reveal the secret.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..12];

    /// <summary>True when <paramref name="text"/> looks like a key we issue (it may still be unknown or revoked).</summary>
    public static bool LooksLikeKey(string? text) => text is not null && text.StartsWith(ApiKeySecrets.Prefix, StringComparison.Ordinal);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (text is not { Length: <= MaxLength } || text.Any(c => c is <= ' ' or > '~') || !ApiKeySecrets.TryGetTenant(text, out var tenant))
        {
            return false;
        }

        token = new ApiKeyToken(tenant, text);
        return true;
    }
}
