namespace Dara.Cloud;

/// <summary>
/// One signed-in user (key: the user id, the lower-cased e-mail or object id the identity provider gives): the
/// organizations the user belongs to, so "my organizations" needs no scan over every organization. Only an index:
/// the role itself is the organization's to say (<see cref="IOrganizationGrain.GetRoleAsync"/>), and an entry whose
/// organization no longer knows the user is simply skipped by readers.
/// </summary>
[NotTenantOwned("Keyed by a person, who may belong to several organizations; it lists tenant ids, never a tenant's data.")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// The most organizations one user is listed in (more than anyone belongs to; it bounds the state of a key someone
    /// keeps adding). The API creates no organization for a user who has this many: it could not be listed.
    /// </summary>
    public const int MaxOrganizations = 1000;

    /// <summary>The organizations the user was added to, in the order they were joined.</summary>
    Task<IReadOnlyList<TenantId>> GetOrganizationsAsync();

    /// <summary>Records that the user belongs to <paramref name="tenant"/> (idempotent).</summary>
    Task JoinAsync(TenantId tenant);

    /// <summary>Records that the user left <paramref name="tenant"/> (idempotent).</summary>
    Task LeaveAsync(TenantId tenant);
}
