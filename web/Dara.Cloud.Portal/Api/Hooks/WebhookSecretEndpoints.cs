using Dara.Cloud.Portal.Api.Access;

namespace Dara.Cloud.Portal.Api.Hooks;

/// <summary>
/// <c>/api/orgs/{org}/webhook-secret</c>: the secret the Hub's webhook deliveries must carry (<see cref="HubWebhookEndpoints"/>).
/// Every member reads whether one is set and where the Hub delivers; owners create, rotate and remove it. The secret is
/// in the answer that made it and nowhere else: only its hash is kept.
/// </summary>
internal static class WebhookSecretEndpoints
{
    public static void MapWebhookSecretEndpoints(this RouteGroupBuilder org)
    {
        org.MapGet("/webhook-secret", GetAsync)
            .WithTags("Webhooks")
            .WithName("GetWebhookSecret")
            .WithSummary("Whether the organization has a webhook secret, when and by whom it was made, and where the Hub delivers; never the secret.")
            .Produces<WebhookSecretStatusResponse>();
        org.MapPost("/webhook-secret", CreateAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithTags("Webhooks")
            .WithName("CreateWebhookSecret")
            .WithSummary("Creates (or rotates) the secret the Hub sends with webhook deliveries; shown this once. An earlier secret stops working at once.")
            .Produces<WebhookSecretResponse>();
        org.MapDelete("/webhook-secret", RemoveAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithTags("Webhooks")
            .WithName("RemoveWebhookSecret")
            .WithSummary("Removes the webhook secret: every delivery is refused (401) until a new one is created. Watched authors are still polled.")
            .Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> GetAsync(OrgCaller caller, IGrainFactory grains)
    {
        var status = await Organization(caller, grains).GetWebhookSecretAsync();
        return TypedResults.Ok(new WebhookSecretStatusResponse(status.IsSet, status.CreatedAt, status.CreatedBy, HubWebhookEndpoints.PathFor(caller.Tenant)));
    }

    private static async Task<IResult> CreateAsync(OrgCaller caller, IGrainFactory grains)
    {
        var created = await Organization(caller, grains).CreateWebhookSecretAsync(caller.UserId);
        return TypedResults.Ok(new WebhookSecretResponse(created.Secret, HubWebhookEndpoints.PathFor(caller.Tenant), created.Status.CreatedAt, created.Status.CreatedBy));
    }

    private static async Task<IResult> RemoveAsync(OrgCaller caller, IGrainFactory grains)
    {
        await Organization(caller, grains).RemoveWebhookSecretAsync();
        return TypedResults.NoContent();
    }

    private static IOrganizationGrain Organization(OrgCaller caller, IGrainFactory grains) => grains.GetGrain<IOrganizationGrain>(caller.Tenant.Value);
}

/// <summary>The webhook secret, shown once, where the Hub should send deliveries, and when and by whom it was made.</summary>
public sealed record WebhookSecretResponse(string Secret, string Url, DateTimeOffset? CreatedAt, string? CreatedBy);

/// <summary>
/// Whether a webhook secret is set (never the secret), when and by whom it was made (null for one made before that was
/// recorded), and where the Hub should send deliveries.
/// </summary>
public sealed record WebhookSecretStatusResponse(bool Set, DateTimeOffset? CreatedAt, string? CreatedBy, string Url);
