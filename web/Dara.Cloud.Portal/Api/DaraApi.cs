using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Checks;
using Dara.Cloud.Portal.Api.Hooks;
using Dara.Cloud.Portal.Api.Models;
using Dara.Cloud.Portal.Api.Organizations;

namespace Dara.Cloud.Portal.Api;

/// <summary>The HTTP API's routes: one line per resource; each resource's endpoints live in its own class.</summary>
internal static class DaraApi
{
    public static IEndpointRouteBuilder MapDaraApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();

        // Everything under an organization passes OrgAccessFilter first: it exists, the caller is a member with the
        // role the endpoint needs, and the organization is the tenant of every grain call that follows.
        var org = api.MapGroup($"/orgs/{{{OrgAccessFilter.RouteParameter}}}").AddEndpointFilter<OrgAccessFilter>()
            .WithMetadata(new OrgAccessFilter.Marker());

        api.MapOrganizationEndpoints(org);
        org.MapMemberEndpoints();
        org.MapPolicyEndpoints();
        org.MapWatchedAuthorEndpoints();
        org.MapApiKeyEndpoints();
        org.MapStatsEndpoints();
        org.MapModelEndpoints();
        org.MapReanalysisEndpoints();
        org.MapWebhookSecretEndpoints();
        org.MapAlertEndpoints();
        api.MapCheckEndpoints();
        api.MapHubWebhookEndpoints();
        return endpoints;
    }
}
