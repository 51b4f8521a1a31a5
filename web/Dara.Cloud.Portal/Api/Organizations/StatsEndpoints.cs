using Dara.Cloud.Portal.Api.Access;

namespace Dara.Cloud.Portal.Api.Organizations;

/// <summary><c>/api/orgs/{org}/stats</c>: naming quality across the organization's models.</summary>
internal static class StatsEndpoints
{
    public static void MapStatsEndpoints(this RouteGroupBuilder org) =>
        org.MapGet("/stats", async (OrgCaller caller, IGrainFactory grains) =>
                TypedResults.Ok(await grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value).GetStatsAsync()))
            .WithTags("Statistics")
            .WithName("GetStatistics")
            .WithSummary("Counts per verdict and finding, score distribution, daily trend, worst and most recent models.");
}
