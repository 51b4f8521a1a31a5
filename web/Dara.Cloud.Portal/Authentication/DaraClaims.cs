using System.Security.Claims;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// The claims the portal reads, and the one place that says who a caller is: <see cref="UserId"/> turns any
/// principal (Entra ID token, development sign-in, API key) into the user id memberships are keyed by.
/// </summary>
public static class DaraClaims
{
    /// <summary>The organization an API-key principal belongs to (and the only one it may act in).</summary>
    public const string Organization = "dara:org";

    /// <summary>The role an API key grants in <see cref="Organization"/>.</summary>
    public const string Role = "dara:role";

    /// <summary>The id of the API key an API-key principal presented.</summary>
    public const string ApiKeyId = "dara:key";

    /// <summary>The user id the portal resolved, stamped on every principal it signs in.</summary>
    public const string UserId = "dara:user";

    // Where identity providers put a user's sign-in name, most specific first; the object id last, for tokens
    // (app-only) that carry no name. The user id is an e-mail whenever one exists because members are added by e-mail.
    private static readonly string[] UserIdClaims =
    [
        UserId,
        "preferred_username",
        "email",
        ClaimTypes.Email,
        "upn",
        ClaimTypes.Upn,
        "oid",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
    ];

    /// <summary>The caller's user id (lower-cased), or null for a principal that names nobody.</summary>
    public static string? UserIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        foreach (var type in UserIdClaims)
        {
            if (principal.FindFirst(type)?.Value is { Length: > 0 } value)
            {
                return value.Trim().ToLowerInvariant();
            }
        }

        return null;
    }

    /// <summary>The id of the key an API-key principal presented, or null for a person.</summary>
    public static string? ApiKeyIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(ApiKeyId)?.Value;
    }

    /// <summary>The organization and role of an API-key principal, or null for a person.</summary>
    public static (TenantId Tenant, OrgRole Role)? ApiKeyGrantOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(Organization)?.Value is { } org && TenantId.TryParse(org, out var tenant)
            && Enum.TryParse<OrgRole>(principal.FindFirst(Role)?.Value, out var role)
            ? (tenant, role)
            : null;
    }
}
