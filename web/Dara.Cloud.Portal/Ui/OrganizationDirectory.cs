namespace Dara.Cloud.Portal.Ui;

/// <summary>An organization in the user's list, with the user's role there.</summary>
public sealed record MyOrganization(OrganizationInfo Info, OrgRole Role);

/// <summary>What creating an organization came to.</summary>
public enum CreateOrganizationOutcome
{
    Created,
    InvalidId,
    InvalidName,
    Taken,
}

/// <summary>The organizations a user belongs to, and new ones (the same rules as <c>/api/orgs</c>).</summary>
public sealed class OrganizationDirectory(IGrainFactory grains)
{
    public const int MaxNameLength = 100;

    /// <summary>The user's organizations in the order joined; the organization has the last word on membership.</summary>
    public async Task<IReadOnlyList<MyOrganization>> ListAsync(string userId)
    {
        var result = new List<MyOrganization>();
        foreach (var tenant in await grains.GetGrain<IUserGrain>(userId).GetOrganizationsAsync())
        {
            if (await RoleAndInfoAsync(tenant, userId) is { } organization)
            {
                result.Add(organization);
            }
        }

        return result;
    }

    /// <summary>Creates organization <paramref name="id"/> named <paramref name="name"/> with <paramref name="userId"/> as its owner.</summary>
    public async Task<CreateOrganizationOutcome> CreateAsync(string? id, string? name, string userId)
    {
        if (!TenantId.TryParse(id?.Trim(), out var tenant))
        {
            return CreateOrganizationOutcome.InvalidId;
        }

        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            return CreateOrganizationOutcome.InvalidName;
        }

        if (!await TryCreateAsync(tenant, trimmed, userId))
        {
            return CreateOrganizationOutcome.Taken;
        }

        await grains.GetGrain<IUserGrain>(userId).JoinAsync(tenant);
        return CreateOrganizationOutcome.Created;
    }

    private async Task<bool> TryCreateAsync(TenantId tenant, string name, string userId)
    {
        using var _ = TenantContext.Enter(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is not null)
        {
            return false;
        }

        try
        {
            await organization.CreateAsync(name, userId);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Created by someone else between the check and the call.
            return false;
        }
    }

    private async Task<MyOrganization?> RoleAndInfoAsync(TenantId tenant, string userId)
    {
        using var _ = TenantContext.Enter(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        return await organization.GetRoleAsync(userId) is { } role && await organization.GetInfoAsync() is { } info
            ? new MyOrganization(info, role)
            : null;
    }
}
