namespace Dara.Cloud;

/// <summary>
/// Turns a model id as a caller spelled it into the key its organization keeps it under (Hub repo ids ignore case).
/// Every path that addresses a model grain by a caller's id goes through these, so no spelling makes a second model.
/// </summary>
public static class ModelIds
{
    /// <summary>The key of the model <paramref name="key"/> names; <paramref name="key"/> itself when the organization has no such model.</summary>
    public static async Task<ModelKey> FindAsync(this IOrganizationGrain organization, ModelKey key)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return await organization.FindModelIdAsync(key.RepoId) is { } id ? ModelKey.Parse(key.Tenant, id) : key;
    }

    /// <summary>The key to upload or register the model <paramref name="key"/> names under (claimed when it is new).</summary>
    public static async Task<ModelKey> ClaimAsync(this IOrganizationGrain organization, ModelKey key)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return ModelKey.Parse(key.Tenant, await organization.ClaimModelIdAsync(key.RepoId));
    }
}
