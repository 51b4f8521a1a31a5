namespace Dara.Cloud;

/// <summary>
/// The tenant a grain call is made for, carried in Orleans' <see cref="RequestContext"/>: the API sets it from the
/// authenticated organization before any grain call, and the tenant call filter rejects calls into another tenant's
/// grains. It flows with the async call (an AsyncLocal), so set it in the method that goes on to call the grains.
/// </summary>
public static class TenantContext
{
    /// <summary>The <see cref="RequestContext"/> key.</summary>
    public const string Key = "dara.tenant";

    /// <summary>Marks the calls that follow (in this async flow) as made for <paramref name="tenant"/>.</summary>
    public static void Set(TenantId tenant) => RequestContext.Set(Key, tenant.Value);

    /// <summary>The tenant the current call is made for, or null when none was set.</summary>
    public static TenantId? Current =>
        RequestContext.Get(Key) is string value && TenantId.TryParse(value, out var tenant) ? tenant : null;

    /// <summary>Forgets the tenant (for flows that go on without one).</summary>
    public static void Clear() => RequestContext.Remove(Key);
}
