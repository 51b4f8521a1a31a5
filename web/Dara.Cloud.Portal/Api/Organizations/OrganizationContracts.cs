namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary>A new organization: its id (2–40 lower-case letters, digits and dashes) and display name.</summary>
public sealed record CreateOrganizationRequest(string? Id, string? Name);

/// <summary>An organization as its members see it, with the caller's role.</summary>
public sealed record OrganizationResponse(string Id, string Name, DateTimeOffset CreatedAt, OrgRole Role)
{
    public static OrganizationResponse From(OrganizationInfo info, OrgRole role) => new(info.Id.Value, info.Name, info.CreatedAt, role);
}

/// <summary>A member's new role.</summary>
public sealed record SetMemberRequest(OrgRole? Role);

/// <summary>A new API key: what it is for and the role it grants.</summary>
public sealed record CreateApiKeyRequest(string? Name, OrgRole? Role);

/// <summary>A key just created. <see cref="Key"/> is shown this once; the server keeps only its hash.</summary>
/// <param name="CreatedBy">The member whose rights the key borrows (see <see cref="ApiKeyInfo.CreatedBy"/>).</param>
public sealed record CreatedApiKeyResponse(string Id, string Name, OrgRole Role, DateTimeOffset CreatedAt, string Key, string? CreatedBy, string? CreatedWithKey);
