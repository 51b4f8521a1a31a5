namespace Dara.Cloud;

/// <summary>
/// Marks a grain contract whose grains belong to no tenant, so the silo's tenant call filter lets every caller through.
/// The filter's rule: a call to a Dara grain is refused unless the caller's tenant owns the grain's key, and the only
/// contracts exempt are the ones that carry this attribute (plus the runtime's reminder ticks). Put it only on a
/// contract whose key cannot name a tenant's data, and say why in <see cref="Reason"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false, Inherited = false)]
public sealed class NotTenantOwnedAttribute(string reason) : Attribute
{
    /// <summary>Why the contract's grains hold nothing a tenant owns (shown in reviews of the exemption list).</summary>
    public string Reason { get; } = reason;
}
