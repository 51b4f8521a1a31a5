using Dara.Cloud.Portal.Api.Errors;
using Dara.Cloud.Portal.Ui;

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

    // The pages' rule, so the API and the portal cannot disagree on who may see an organization.
    private readonly OrgAccess _access = new(grains);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiresOrgRole>()?.Role ?? OrgRole.Viewer;
        var access = await _access.ResolveAsync(http.User, http.Request.RouteValues[RouteParameter] as string);
        if (access.Status != OrgAccessStatus.Allowed)
        {
            return access.Status switch
            {
                OrgAccessStatus.SignedOut => Results.Unauthorized(),
                OrgAccessStatus.NotFound => ApiProblems.NoSuchOrganization(),
                _ => ApiProblems.NotAMember(),
            };
        }

        var scope = access.Scope!;
        if (scope.Role < required)
        {
            return ApiProblems.RoleTooLow(required);
        }

        // Set here, in the method that goes on to run the handler, so the tenant flows into every grain call it makes.
        TenantContext.Set(scope.Tenant);
        var caller = new OrgCaller(scope.Tenant, scope.UserId, scope.Role, access.IsApiKey);
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
