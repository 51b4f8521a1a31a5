namespace Dara.Cloud.Portal.Authentication;

/// <summary>
/// An Entra tenant the deployment trusts for an e-mail domain (<c>Dara:Authentication:EmailDomainOwners</c>): the
/// tenant that owns the domain, so the addresses its tokens show at that domain are taken as proven even without
/// Entra's <c>xms_edov</c> claim.
/// </summary>
public sealed class EmailDomainOwner
{
    /// <summary>The domain, as after the '@' (<c>contoso.com</c>; subdomains are domains of their own).</summary>
    public string Domain { get; set; } = string.Empty;

    /// <summary>The Entra tenant id (a GUID) that owns <see cref="Domain"/>.</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>Whether the entry names a domain and a tenant id.</summary>
    public bool IsValid => Uri.CheckHostName(Domain) == UriHostNameType.Dns && Guid.TryParse(TenantId, out _);

    /// <summary>Whether this entry makes <paramref name="tenantId"/> the owner of <paramref name="address"/>'s domain.</summary>
    public bool Owns(string tenantId, string address) =>
        Guid.TryParse(TenantId, out var owner) && Guid.TryParse(tenantId, out var tenant) && owner == tenant
        && address.EndsWith($"@{Domain}", StringComparison.OrdinalIgnoreCase);
}
