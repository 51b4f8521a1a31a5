using System.Security.Claims;
using Dara.Cloud.Portal.Authentication;

namespace Dara.Cloud.Portal.Ui;

/// <summary>What a page may show for an organization.</summary>
public enum OrgAccessStatus
{
    /// <summary>The user is a member: the page shows the organization (<see cref="OrgAccessResult.Scope"/>).</summary>
    Allowed,

    /// <summary>Nobody is signed in.</summary>
    SignedOut,

    /// <summary>The id is malformed or no organization has it: 404.</summary>
    NotFound,

    /// <summary>The organization exists and the user is not a member: 403.</summary>
    Forbidden,
}

/// <summary>
/// The outcome of <see cref="OrgAccess.ResolveAsync"/>; <see cref="Scope"/> is set exactly when allowed, and
/// <see cref="IsApiKey"/> says whether the role came from an API key rather than a membership.
/// </summary>
public sealed record OrgAccessResult(OrgAccessStatus Status, OrgScope? Scope = null, bool IsApiKey = false)
{
    /// <summary>The HTTP status a prerendered page answers with.</summary>
    public int HttpStatus => Status switch
    {
        OrgAccessStatus.Allowed => StatusCodes.Status200OK,
        OrgAccessStatus.SignedOut => StatusCodes.Status401Unauthorized,
        OrgAccessStatus.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status403Forbidden,
    };
}

/// <summary>
/// The membership rule, for the pages and the API (<c>OrgAccessFilter</c>) alike: an unknown or malformed organization
/// is not found; an existing one the user does not belong to (an API key of another organization included) is
/// forbidden; a member gets an <see cref="OrgScope"/> through which every grain call is made for that organization only.
/// </summary>
public sealed class OrgAccess(IGrainFactory grains)
{
    public async Task<OrgAccessResult> ResolveAsync(ClaimsPrincipal user, string? org)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!TenantId.TryParse(org, out var tenant))
        {
            return new(OrgAccessStatus.NotFound);
        }

        if (DaraClaims.UserIdOf(user) is not { } userId)
        {
            return new(OrgAccessStatus.SignedOut);
        }

        using var _ = TenantContext.Enter(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is not { } info)
        {
            return new(OrgAccessStatus.NotFound);
        }

        var grant = DaraClaims.ApiKeyGrantOf(user);
        OrgRole? role = grant is { } key
            ? key.Tenant == tenant ? key.Role : null
            : await organization.GetRoleAsync(userId);
        return role is { } held
            ? new(OrgAccessStatus.Allowed, new OrgScope(grains, info, userId, held), grant is not null)
            : new(OrgAccessStatus.Forbidden);
    }
}
