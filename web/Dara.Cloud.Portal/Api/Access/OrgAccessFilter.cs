using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Authentication;

namespace Dara.Cloud.Portal.Api.Access;

/// <summary>
/// Guards every <c>/api/orgs/{org}/…</c> endpoint, before the handler and before any grain call it makes:
/// <list type="number">
/// <item>an org id that is malformed or was never created → 404;</item>
/// <item>a caller who is not a member (a person the organization does not list, an API key of another
///   organization) → 403; a member whose role is below the endpoint's <see cref="RequiresOrgRole"/> → 403;</item>
/// <item>otherwise the organization becomes the tenant of every grain call that follows (the grains' call filter
///   checks it again) and the handler gets an <see cref="OrgCaller"/>.</item>
/// </list>
/// 403 rather than 404 for an existing organization one does not belong to is deliberate (the portal answers
/// the same way); a body never says more than that.
/// </summary>
public sealed class OrgAccessFilter(IGrainFactory grains) : IEndpointFilter
{
    public const string RouteParameter = "org";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiresOrgRole>()?.Role ?? OrgRole.Viewer;
        if (!TenantId.TryParse(http.Request.RouteValues[RouteParameter] as string, out var tenant))
        {
            return ApiProblems.NoSuchOrganization();
        }

        if (DaraClaims.UserIdOf(http.User) is not { } userId)
        {
            return Results.Unauthorized();
        }

        // Set here, in the method that goes on to run the handler, so the tenant flows into every grain call it makes.
        TenantContext.Set(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is null)
        {
            return ApiProblems.NoSuchOrganization();
        }

        var grant = DaraClaims.ApiKeyGrantOf(http.User);
        OrgRole? role = grant is { } key
            ? key.Tenant == tenant ? key.Role : null
            : await organization.GetRoleAsync(userId);
        if (role is not { } held)
        {
            return ApiProblems.NotAMember();
        }

        if (held < required)
        {
            return ApiProblems.RoleTooLow(required);
        }

        var caller = new OrgCaller(tenant, userId, held, grant is not null);
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (ReferenceEquals(context.Arguments[i], OrgCaller.Unchecked))
            {
                context.Arguments[i] = caller;
            }
        }

        return await next(context);
    }

    /// <summary>Endpoint metadata: the endpoint runs behind this filter (so its <see cref="OrgCaller"/> is checked).</summary>
    public sealed class Marker;
}
