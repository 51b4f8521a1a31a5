using Dara.Cloud.Portal.Api.Access;
using Dara.Cloud.Portal.Api.Errors;

namespace Dara.Cloud.Portal.Api.Hooks;

/// <summary>
/// <c>/api/orgs/{org}/alerts</c>: where the organization's alerts go (a signed POST when a model's verdict becomes
/// misnamed, or suspicious), and how the latest deliveries went. Every member reads the target and the deliveries;
/// owners set, test and remove it. The signing secret is in the answer that set the target and nowhere else.
/// <c>/alerts/email</c>: every member who signed in with a proven e-mail address may get the alerts by e-mail, at that
/// address only (never one typed in: the portal must not mail strangers).
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

        var email = alerts.MapGroup("/email");
        email.MapPut("/", SubscribeAsync)
            .WithName("SubscribeToAlertEmails")
            .WithSummary("E-mails you the alerts from now on, at the address you signed in with, from 'misnamed' (default) or 'suspicious'.")
            .Produces<EmailSubscriptionResponse>()
            .ProducesValidationProblem();
        email.MapDelete("/", UnsubscribeAsync)
            .WithName("UnsubscribeFromAlertEmails")
            .WithSummary("Stops e-mailing you the alerts.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status404NotFound);
        email.MapPost("/test", TestEmailAsync)
            .WithName("TestAlertEmail")
            .WithSummary("E-mails you a test now and answers whether the mail server took it.")
            .Produces<EmailDeliveryResponse>()
            .Produces(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(OrgCaller caller, IGrainFactory grains) =>
        TypedResults.Ok(AlertStatusResponse.From(await Alerts(caller, grains).GetStatusAsync()));

    private static async Task<IResult> SetAsync(AlertTargetRequest request, OrgCaller caller, IGrainFactory grains)
    {
        var verdict = request.MinimumVerdict ?? AlertTarget.MinimumVerdicts[0];
        if (AlertTarget.ThresholdProblem(verdict) is { } problem)
        {
            return ApiProblems.Invalid("minimumVerdict", problem);
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

    private static async Task<IResult> SubscribeAsync(EmailSubscriptionRequest? request, OrgCaller caller, IGrainFactory grains)
    {
        var verdict = request?.MinimumVerdict ?? AlertTarget.MinimumVerdicts[0];
        if (AlertTarget.ThresholdProblem(verdict) is { } problem)
        {
            return ApiProblems.Invalid("minimumVerdict", problem);
        }

        if (OwnAddress(caller) is not { } address)
        {
            return ApiProblems.Invalid("email", NoAddress(caller));
        }

        try
        {
            var subscription = await Alerts(caller, grains).SubscribeByEmailAsync(address, verdict);
            return TypedResults.Ok(EmailSubscriptionResponse.From(subscription));
        }
        catch (AlertTargetException e)
        {
            return ApiProblems.Invalid("email", e.Message);
        }
    }

    private static async Task<IResult> UnsubscribeAsync(OrgCaller caller, IGrainFactory grains) =>
        OwnAddress(caller) is { } address && await Alerts(caller, grains).UnsubscribeByEmailAsync(address) ? TypedResults.NoContent() : NotSubscribed();

    private static async Task<IResult> TestEmailAsync(OrgCaller caller, IGrainFactory grains) =>
        OwnAddress(caller) is { } address && await Alerts(caller, grains).SendTestEmailAsync(address) is { } delivery
            ? TypedResults.Ok(EmailDeliveryResponse.From(delivery))
            : NotSubscribed();

    /// <summary>The address the caller signed in with: a user id that is an e-mail address (proven at sign-in), not an API key's.</summary>
    private static string? OwnAddress(OrgCaller caller) => caller.IsApiKey ? null : EmailAddresses.OfUserId(caller.UserId);

    private static string NoAddress(OrgCaller caller) => caller.IsApiKey
        ? "An API key has no mailbox: sign in to the portal to get alerts by e-mail."
        : "Your sign-in proves no e-mail address, so alerts cannot be e-mailed to you.";

    private static IResult NotSubscribed() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No alert e-mails.", detail: "You do not get the alerts by e-mail: ask for them first with PUT on this address.");

    private static IResult NoTarget() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No alert target.", detail: "Set one first with PUT on this address.");

    private static IAlertGrain Alerts(OrgCaller caller, IGrainFactory grains) => grains.GetGrain<IAlertGrain>(caller.Tenant.Value);
}

/// <summary>Where alerts should go (an absolute http or https address), and from which verdict: <c>misnamed</c> (default) or <c>suspicious</c>.</summary>
public sealed record AlertTargetRequest(string? Url, string? MinimumVerdict);

/// <summary>The target just set and the secret its deliveries are signed with, shown this once.</summary>
public sealed record AlertTargetResponse(string Url, string MinimumVerdict, string Secret, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>
/// The target (null when none is set; never its secret), the alerts waiting to be sent to it, and the latest deliveries,
/// newest first; and the alerts by e-mail.
/// </summary>
public sealed record AlertStatusResponse(AlertTargetStatus? Target, int Waiting, IReadOnlyList<AlertDeliveryResponse> Deliveries, EmailAlertsResponse Email)
{
    public static AlertStatusResponse From(AlertStatus status) => new(
        status.Target is { } target ? new AlertTargetStatus(target.Url, target.MinimumVerdict, target.UpdatedAt, target.UpdatedBy) : null,
        status.Waiting,
        status.Recent.Select(AlertDeliveryResponse.From).ToList(),
        new EmailAlertsResponse(
            status.EmailAvailable,
            status.EmailSubscriptions.Select(EmailSubscriptionResponse.From).ToList(),
            status.RecentEmails.Select(EmailDeliveryResponse.From).ToList()));
}

/// <summary>Whether this deployment sends e-mail, the members who get the alerts so, and the latest e-mails, newest first.</summary>
public sealed record EmailAlertsResponse(bool Available, IReadOnlyList<EmailSubscriptionResponse> Subscriptions, IReadOnlyList<EmailDeliveryResponse> Deliveries);

/// <summary>From which verdict to e-mail you the alerts: <c>misnamed</c> (default) or <c>suspicious</c>.</summary>
public sealed record EmailSubscriptionRequest(string? MinimumVerdict);

/// <summary>A member who gets the alerts by e-mail, from which verdict, since when.</summary>
public sealed record EmailSubscriptionResponse(string Address, string MinimumVerdict, DateTimeOffset Since)
{
    public static EmailSubscriptionResponse From(EmailAlertSubscription subscription) =>
        new(subscription.Address, subscription.MinimumVerdict, subscription.Since);
}

/// <summary>One e-mail of alerts: to whom, its subject, how many models it named, and whether the mail server took it.</summary>
public sealed record EmailDeliveryResponse(string Id, string Address, string Subject, int Models, DateTimeOffset At, bool Delivered, string? Error, int Attempts)
{
    public static EmailDeliveryResponse From(EmailAlertDelivery delivery) => new(
        delivery.Id, delivery.Address, delivery.Subject, delivery.Models, delivery.At, delivery.Delivered, delivery.Error, delivery.Attempts);
}

/// <summary>Where alerts go, from which verdict, and when and by whom that was set.</summary>
public sealed record AlertTargetStatus(string Url, string MinimumVerdict, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>One delivery: its id (<c>X-Dara-Delivery</c>), event, model and verdict, and whether the receiver took it.</summary>
public sealed record AlertDeliveryResponse(string Id, string Event, string? Model, string? Verdict, DateTimeOffset At, bool Delivered, int? Status, string? Error, int Attempts)
{
    public static AlertDeliveryResponse From(AlertDelivery delivery) => new(
        delivery.Id, delivery.Event, delivery.Model, delivery.Verdict, delivery.At, delivery.Delivered, delivery.Status, delivery.Error, delivery.Attempts);
}
