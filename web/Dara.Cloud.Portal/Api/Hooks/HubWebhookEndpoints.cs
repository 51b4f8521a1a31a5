using Dara.Cloud.Registry.Webhooks;

namespace Dara.Cloud.Portal.Api.Hooks;

/// <summary>
/// <c>POST /api/hooks/huggingface/{org}</c>: the Hugging Face Hub's webhook deliveries for an organization's watched
/// authors. Signed in by the shared secret alone (<c>X-Webhook-Secret</c>, which owners create at
/// <c>POST /api/orgs/{org}/webhook-secret</c>: <see cref="WebhookSecretEndpoints"/>); answered 202 at once, the model
/// registered afterwards.
/// </summary>
internal static partial class HubWebhookEndpoints
{
    public const string SecretHeader = "X-Webhook-Secret";

    /// <summary>Where the Hub delivers an organization's webhooks (the route mapped below, under <c>/api</c>).</summary>
    public static string PathFor(TenantId tenant) => $"/api/hooks/huggingface/{tenant.Value}";

    public static void MapHubWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/hooks/huggingface/{org}", ReceiveAsync)
            .AllowAnonymous()
            .WithTags("Webhooks")
            .WithName("ReceiveHubWebhook")
            .WithSummary("A Hugging Face Hub webhook delivery; checked against the organization's secret, handled in the background.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> ReceiveAsync(string org, HttpRequest request, IGrainFactory grains, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Anonymous callers learn nothing: an unknown organization and a wrong secret get the same answer.
        var secret = request.Headers[SecretHeader].ToString();
        if (secret.Length == 0 || !TenantId.TryParse(org, out var tenant))
        {
            return Unauthorized();
        }

        TenantContext.Set(tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        if (await organization.GetInfoAsync() is null || !await organization.VerifyWebhookSecretAsync(secret))
        {
            return Unauthorized();
        }

        // Too large is 413 whether the length was declared up front or found while reading a chunked body.
        if (await ReadCappedAsync(request, cancellationToken) is not { } payload)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The webhook payload is too large.",
                detail: $"A webhook payload may be at most {HubWebhookPayload.MaxBytes:N0} bytes.");
        }

        HubEvent hubEvent;
        try
        {
            hubEvent = HubWebhookPayload.Parse(payload);
        }
        catch (WebhookPayloadException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The webhook payload is not valid.", detail: e.Message);
        }

        // The Hub wants an answer within seconds; registering reads the model from the Hub, so it goes on after we answer.
        var logger = loggers.CreateLogger(typeof(HubWebhookEndpoints));
        _ = grains.GetGrain<IRegistryWatcherGrain>(tenant.Value).HandleAsync(hubEvent).ContinueWith(
            task => LogFailed(logger, tenant.Value, hubEvent.RepoId, task.Exception!.GetBaseException().Message),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        return Results.Accepted();
    }

    private static IResult Unauthorized() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"Unknown organization or wrong {SecretHeader}.");

    /// <summary>The body, or null when it is over <see cref="HubWebhookPayload.MaxBytes"/>.</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > HubWebhookPayload.MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > HubWebhookPayload.MaxBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub webhook for {Tenant} ({RepoId}) failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string tenant, string repoId, string reason);
}
