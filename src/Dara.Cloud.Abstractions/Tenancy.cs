using Orleans.Runtime;

namespace Dara.Cloud;

/// <summary>
/// The tenant a grain call is made for. The API sets it from the authenticated principal before calling grains; it
/// travels with the call in Orleans' <see cref="RequestContext"/> (and on to every call the grain makes in turn), and
/// the silo's tenant call filter refuses calls to grains of any other tenant.
/// </summary>
public static class TenantContext
{
    /// <summary>The <see cref="RequestContext"/> key; the value is the tenant id as a string.</summary>
    public const string Key = "dara.tenant";

    /// <summary>The tenant of the current call, or null when none is set.</summary>
    public static TenantId? Current => RequestContext.Get(Key) is string value && TenantId.TryParse(value, out var tenant) ? tenant : null;

    /// <summary>Sets the tenant for the calls that follow on this async flow.</summary>
    public static void Set(TenantId tenant) => RequestContext.Set(Key, tenant.Value);

    /// <summary>Removes the tenant: calls that follow are refused by every tenant-owned grain.</summary>
    public static void Clear() => RequestContext.Remove(Key);

    /// <summary>Sets the tenant until the returned scope is disposed, then puts back what was there before.</summary>
    public static IDisposable Enter(TenantId tenant)
    {
        var previous = RequestContext.Get(Key);
        Set(tenant);
        return new Scope(previous);
    }

    private sealed class Scope(object? previous) : IDisposable
    {
        public void Dispose()
        {
            if (previous is null)
            {
                RequestContext.Remove(Key);
            }
            else
            {
                RequestContext.Set(Key, previous);
            }
        }
    }
}

/// <summary>A grain call for a tenant other than the caller's, or with no tenant at all, was refused.</summary>
[GenerateSerializer, Alias("dara.tenant-access-denied")]
public sealed class TenantAccessDeniedException : UnauthorizedAccessException
{
    public TenantAccessDeniedException()
    {
    }

    public TenantAccessDeniedException(string message)
        : base(message)
    {
    }

    public TenantAccessDeniedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// API key secrets: <c>dara_&lt;tenant&gt;_&lt;43 base64url characters&gt;</c> (32 random bytes). The tenant in the secret
/// tells the API which organization to ask; the organization compares hashes, so the secret itself is never stored.
/// </summary>
public static class ApiKeySecrets
{
    public const string Prefix = "dara_";

    /// <summary>The tenant a secret claims to belong to (unverified: only the organization can say whether the key is real).</summary>
    public static bool TryGetTenant(string? secret, out TenantId tenant)
    {
        tenant = default;
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        // Tenant ids never contain '_', so the first '_' after the prefix ends the tenant.
        var end = secret.IndexOf('_', Prefix.Length);
        return end > Prefix.Length && end < secret.Length - 1 && TenantId.TryParse(secret[Prefix.Length..end], out tenant);
    }
}
