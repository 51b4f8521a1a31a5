using System.Reflection;

namespace Dara.Cloud.Portal.Api.Access;

/// <summary>
/// The caller of an <c>/api/orgs/{org}/…</c> endpoint once <see cref="OrgAccessFilter"/> has let it through: the
/// organization (from the route, checked to exist), who the caller is and the role they hold there. Handlers take it
/// as a parameter; it comes from the checks the filter made, never from anything the client sends.
/// </summary>
public sealed record OrgCaller(TenantId Tenant, string UserId, OrgRole Role, bool IsApiKey)
{
    /// <summary>
    /// What parameter binding yields (binding runs before endpoint filters); <see cref="OrgAccessFilter"/> replaces it
    /// with the checked caller before the handler runs.
    /// </summary>
    internal static OrgCaller Unchecked { get; } = new(default, string.Empty, OrgRole.Viewer, false);

    public static ValueTask<OrgCaller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameter);
        return context.GetEndpoint()?.Metadata.GetMetadata<OrgAccessFilter.Marker>() is null
            ? throw new InvalidOperationException($"{parameter.Member.Name} takes an {nameof(OrgCaller)} but its route is not under {nameof(OrgAccessFilter)}.")
            : ValueTask.FromResult<OrgCaller?>(Unchecked);
    }
}
