using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Hooks;

/// <summary>
/// <c>/api/orgs/{org}/alerts</c>: where the organization's alerts go (a signed POST when a model's verdict becomes
/// misnamed, or suspicious), and how the latest deliveries went. Every member reads the target and the deliveries;
/// owners set, test and remove it. The signing secret is in the answer that set the target and nowhere else.
/// </summary>
internal static class AlertEndpoints
{
    public static void MapAlertEndpoints(this RouteGroupBuilder org)
    {
        var alerts = org.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("/", GetAsync)
            .WithName("GetAlerts")
            .WithSummary("Where alerts go and from which verdict, and the latest deliveries (newest first); never the signing secret.")
            .Produces<AlertStatusResponse>();
        alerts.MapPut("/", SetAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("SetAlertTarget")
            .WithSummary("Sends alerts to an http(s) address from now on, from 'misnamed' (default) or 'suspicious'; answers with a new signing secret, shown this once.")
            .Produces<AlertTargetResponse>()
            .ProducesValidationProblem();
        alerts.MapDelete("/", RemoveAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("RemoveAlertTarget")
            .WithSummary("Stops alerts and forgets the target, its secret and its deliveries.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status404NotFound);
        alerts.MapPost("/test", TestAsync)
            .RequireOrgRole(OrgRole.Owner)
            .WithName("TestAlertTarget")
            .WithSummary("Sends a signed 'ping' to the target now and answers how it went (delivered or why not).")
            .Produces<AlertDeliveryResponse>()
            .Produces(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(OrgCaller caller, IGrainFactory grains) =>
        TypedResults.Ok(AlertStatusResponse.From(await Alerts(caller, grains).GetStatusAsync()));

    private static async Task<IResult> SetAsync(AlertTargetRequest request, OrgCaller caller, IGrainFactory grains)
    {
        var verdict = request.MinimumVerdict ?? AlertTarget.MinimumVerdicts[0];
        if (!AlertTarget.MinimumVerdicts.Contains(verdict))
        {
            return ApiProblems.Invalid("minimumVerdict", $"Alerts start at one of: {string.Join(", ", AlertTarget.MinimumVerdicts)}.");
        }

        try
        {
            var created = await Alerts(caller, grains).SetTargetAsync(request.Url ?? string.Empty, verdict, caller.UserId);
            return TypedResults.Ok(new AlertTargetResponse(created.Target.Url, created.Target.MinimumVerdict, created.Secret, created.Target.UpdatedAt, created.Target.UpdatedBy));
        }
        catch (AlertTargetException e)
        {
            return ApiProblems.Invalid("url", e.Message);
        }
    }

    private static async Task<IResult> RemoveAsync(OrgCaller caller, IGrainFactory grains) =>
        await Alerts(caller, grains).RemoveTargetAsync() ? TypedResults.NoContent() : NoTarget();

    private static async Task<IResult> TestAsync(OrgCaller caller, IGrainFactory grains) =>
        await Alerts(caller, grains).SendTestAsync(caller.UserId) is { } delivery ? TypedResults.Ok(AlertDeliveryResponse.From(delivery)) : NoTarget();

    private static IResult NoTarget() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No alert target.", detail: "Set one first with PUT on this address.");

    private static IAlertGrain Alerts(OrgCaller caller, IGrainFactory grains) => grains.GetGrain<IAlertGrain>(caller.Tenant.Value);
}

/// <summary>Where alerts should go (an absolute http or https address), and from which verdict: <c>misnamed</c> (default) or <c>suspicious</c>.</summary>
public sealed record AlertTargetRequest(string? Url, string? MinimumVerdict);

/// <summary>The target just set and the secret its deliveries are signed with, shown this once.</summary>
public sealed record AlertTargetResponse(string Url, string MinimumVerdict, string Secret, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The target (null when none is set; never its secret) and the latest deliveries, newest first.</summary>
public sealed record AlertStatusResponse(AlertTargetStatus? Target, IReadOnlyList<AlertDeliveryResponse> Deliveries)
{
    public static AlertStatusResponse From(AlertStatus status) => new(
        status.Target is { } target ? new AlertTargetStatus(target.Url, target.MinimumVerdict, target.UpdatedAt, target.UpdatedBy) : null,
        status.Recent.Select(AlertDeliveryResponse.From).ToList());
}

/// <summary>Where alerts go, from which verdict, and when and by whom that was set.</summary>
public sealed record AlertTargetStatus(string Url, string MinimumVerdict, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>One delivery: its id (<c>X-Dara-Delivery</c>), event, model and verdict, and whether the receiver took it.</summary>
public sealed record AlertDeliveryResponse(string Id, string Event, string? Model, string? Verdict, DateTimeOffset At, bool Delivered, int? Status, string? Error, int Attempts)
{
    public static AlertDeliveryResponse From(AlertDelivery delivery) => new(
        delivery.Id, delivery.Event, delivery.Model, delivery.Verdict, delivery.At, delivery.Delivered, delivery.Status, delivery.Error, delivery.Attempts);
}
