using System.Reflection;

namespace Dara.Cloud.Portal.Api.Access;

/// <summary>
/// The caller of an <c>/api/orgs/{org}/…</c> endpoint once <see cref="OrgAccessFilter"/> has let it through: the
/// organization (from the route, checked to exist), who the caller is and the role they hold there. Handlers take it
/// as a parameter; it binds from the request the filter already checked, never from anything the client sends.
/// </summary>
public sealed record OrgCaller(TenantId Tenant, string UserId, OrgRole Role, bool IsApiKey)
{
    internal static readonly object ItemKey = new();

    public static ValueTask<OrgCaller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<OrgCaller?>(context.Items[ItemKey] as OrgCaller
            ?? throw new InvalidOperationException($"{parameter.Member.Name} takes an {nameof(OrgCaller)} but its route has no {nameof(OrgAccessFilter)}."));
    }
}
