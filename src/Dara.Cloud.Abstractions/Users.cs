using System.Diagnostics.CodeAnalysis;

namespace Dara.Cloud;

/// <summary>
/// One user (key: the user id: a lower-cased e-mail address, or an <see cref="EntraAccount.UserId">Entra account id</see>
/// for an Entra user whose sign-in proved no address): the organizations the user belongs to, so "my organizations"
/// needs no scan over every organization, and for an address, the Entra account that proved it first. The organization
/// list is only an index: the role itself is the organization's to say (<see cref="IOrganizationGrain.GetRoleAsync"/>),
/// and an entry whose organization no longer knows the user is simply skipped by readers.
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

    /// <summary>
    /// Binds this user, an e-mail address, to <paramref name="account"/>, the Entra account whose token proved the
    /// address, unless another account holds it already; returns whether <paramref name="account"/> holds it now. The
    /// first account to prove an address keeps it for good, so a token of another tenant showing the same address is
    /// never taken for this user.
    /// </summary>
    Task<bool> BindEntraAccountAsync(EntraAccount account);
}

/// <summary>
/// One Entra ID account (key: its <see cref="EntraAccount.UserId"/>) and the user it signs in as: the e-mail address
/// it claimed, once a token of it proved an address no other account holds; until then its own account id.
/// </summary>
[NotTenantOwned("Keyed by an Entra account (a person); it holds the user id that account signs in as, never a tenant's data.")]
public interface IEntraAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// The user id this account signs in as. <paramref name="verifiedEmail"/> is the address the account's token proves
    /// (null when it proves none). An account that has claimed an address signs in as that address whatever its tokens
    /// show later. One that has not claims <paramref name="verifiedEmail"/>, and with it every invitation sent to it,
    /// unless another account holds that address or this account already belongs to organizations under its own id
    /// (those memberships would be lost); otherwise it signs in as its own id.
    /// </summary>
    Task<string> SignInAsync(string? verifiedEmail);
}

/// <summary>
/// An Entra ID account: the tenant that issued its tokens (<c>tid</c>, which the token's issuer names) and its object id
/// there (<c>oid</c>), both GUIDs in lower case. Microsoft never changes or reuses this pair, whereas a token's
/// <c>preferred_username</c> and <c>email</c> are whatever the issuing tenant's admins set; so the pair, never those,
/// says which account a token belongs to.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.entra-account")]
public sealed record EntraAccount(string TenantId, string ObjectId)
{
    /// <summary>How every Entra account id starts; no e-mail address does.</summary>
    public const string Prefix = "entra:";

    /// <summary>The account's own user id, <c>entra:&lt;tenant id&gt;:&lt;object id&gt;</c>, used until it claims an address.</summary>
    public string UserId => $"{Prefix}{TenantId}:{ObjectId}";

    /// <summary>The account of a token's <c>tid</c> and <c>oid</c>, when both are GUIDs.</summary>
    public static bool TryCreate(string? tenantId, string? objectId, [NotNullWhen(true)] out EntraAccount? account)
    {
        account = Guid.TryParse(tenantId, out var tenant) && Guid.TryParse(objectId, out var objectGuid)
            ? new EntraAccount(tenant.ToString("D"), objectGuid.ToString("D"))
            : null;
        return account is not null;
    }

    /// <summary>The account a user id (<see cref="UserId"/>) names, in any case.</summary>
    public static bool TryParse(string? userId, [NotNullWhen(true)] out EntraAccount? account)
    {
        account = null;
        if (userId is null || !userId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = userId[Prefix.Length..].Split(':');
        return parts.Length == 2 && TryCreate(parts[0], parts[1], out account);
    }
}
