using System.Security.Claims;

namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// The claims the portal reads, and the one place that says who a caller is: <see cref="UserIdOf"/> reads the user id
/// the portal stamped on the principal when it signed the caller in (development sign-in, API key, or for Entra ID the
/// account's user, <see cref="EntraUserIds"/>), never a name a token carries.
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

    /// <summary>
    /// The caller's user id (lower-cased), or null for a principal that names nobody. Only a <see cref="UserId"/> claim
    /// the portal issued itself counts; a token's <c>preferred_username</c> or <c>email</c> is whatever its tenant's
    /// admins set, so it never says who the caller is.
    /// </summary>
    public static string? UserIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.Identity?.IsAuthenticated == true && OwnClaim(principal, UserId) is { Length: > 0 } value
            ? value.Trim().ToLowerInvariant()
            : null;
    }

    /// <summary>The id of the key an API-key principal presented, or null for a person.</summary>
    public static string? ApiKeyIdOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return OwnClaim(principal, ApiKeyId);
    }

    /// <summary>The organization and role of an API-key principal, or null for a person.</summary>
    public static (TenantId Tenant, OrgRole Role)? ApiKeyGrantOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return OwnClaim(principal, Organization) is { } org && TenantId.TryParse(org, out var tenant)
            && Enum.TryParse<OrgRole>(OwnClaim(principal, Role), out var role)
            ? (tenant, role)
            : null;
    }

    // Claims the portal created itself carry the default issuer; a token's claims carry the token's, so a token that
    // names one of these claims cannot make its bearer a user or an API key.
    private static string? OwnClaim(ClaimsPrincipal principal, string type) =>
        principal.FindFirst(claim => claim.Type == type && claim.Issuer == ClaimsIdentity.DefaultIssuer)?.Value;
}
