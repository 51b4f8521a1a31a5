namespace Dara.Cloud;

/// <summary>
/// Where an organization's alerts go: an http(s) address that receives a signed POST whenever a model's verdict becomes
/// <see cref="MinimumVerdict"/> or worse (a new upload or registration that looks misnamed, or a model that turned so).
/// </summary>
/// <param name="Url">The receiver's absolute http or https address.</param>
/// <param name="MinimumVerdict"><c>suspicious</c> (warnings and errors) or <c>misnamed</c> (errors only).</param>
/// <param name="UpdatedAt">When an owner last set the target.</param>
/// <param name="UpdatedBy">The user who set it.</param>
[GenerateSerializer, Immutable, Alias("dara.alert-target")]
public sealed record AlertTarget(
    string Url,
    string MinimumVerdict,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    /// <summary>The verdicts alerts may start at, the default first.</summary>
    public static IReadOnlyList<string> MinimumVerdicts { get; } = ["misnamed", "suspicious"];

    /// <summary>
    /// Why <paramref name="verdict"/> cannot be where alerts start (a webhook's or an e-mail's), or null when it can: the
    /// grain and the API refuse with the same words.
    /// </summary>
    public static string? ThresholdProblem(string? verdict) =>
        verdict is not null && MinimumVerdicts.Contains(verdict)
            ? null
            : $"'{(verdict is { Length: > 80 } ? verdict[..80] + "…" : verdict)}' is not a verdict alerts can start at: use {string.Join(" or ", MinimumVerdicts)}.";
}

/// <summary>What one alert was about: the model and its verdict now and before (null for a model new to the organization).</summary>
[GenerateSerializer, Immutable, Alias("dara.model-alert")]
public sealed record ModelAlert(
    ModelSummary Model,
    string? PreviousVerdict);

/// <summary>
/// One attempt to deliver an alert (or a test ping): what it was about, the receiver's HTTP status or why there was
/// none, and how many tries it took.
/// </summary>
/// <param name="Id">The delivery's id, sent as <c>X-Dara-Delivery</c>.</param>
/// <param name="Event"><c>model.flagged</c> or <c>ping</c>.</param>
/// <param name="Model">The model's <c>owner/name</c>; null for a ping.</param>
/// <param name="Verdict">The model's verdict; null for a ping.</param>
/// <param name="At">When the last try ended.</param>
/// <param name="Status">The receiver's last HTTP status; null when it could not be reached.</param>
/// <param name="Error">Why the delivery failed (unreachable, timed out, refused with a status); null when delivered.</param>
/// <param name="Attempts">Tries made.</param>
[GenerateSerializer, Immutable, Alias("dara.alert-delivery")]
public sealed record AlertDelivery(
    string Id,
    string Event,
    string? Model,
    string? Verdict,
    DateTimeOffset At,
    int? Status,
    string? Error,
    int Attempts)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// A member who gets the organization's alerts by e-mail, at the address their sign-in proves (their user id), for
/// verdicts of <see cref="MinimumVerdict"/> or worse.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.email-alert-subscription")]
public sealed record EmailAlertSubscription(
    string Address,
    string MinimumVerdict,
    DateTimeOffset Since);

/// <summary>
/// One e-mail of alerts (or a test) to one member: how many models it named, and whether the mail server took it.
/// Alerts that arrive together (a re-analysis, a watched author's burst of uploads) go out as one e-mail.
/// </summary>
/// <param name="Id">The e-mail's id, also its <c>X-Dara-Delivery</c> header.</param>
/// <param name="Address">Who it was for.</param>
/// <param name="Subject">Its subject line.</param>
/// <param name="Models">How many models it named (0 for a test).</param>
/// <param name="At">When the last try ended.</param>
/// <param name="Error">Why the mail server did not take it; null when it did.</param>
/// <param name="Attempts">Tries made.</param>
[GenerateSerializer, Immutable, Alias("dara.email-alert-delivery")]
public sealed record EmailAlertDelivery(
    string Id,
    string Address,
    string Subject,
    int Models,
    DateTimeOffset At,
    string? Error,
    int Attempts)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// The alert target (never its signing secret) and the latest deliveries, newest first; whether this deployment sends
/// e-mail, who gets alerts by e-mail, and the latest e-mails. <paramref name="Waiting"/>: alerts stored for the target and
/// not yet sent (on their way, or left by a silo that stopped).
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.alert-status")]
public sealed record AlertStatus(
    AlertTarget? Target,
    IReadOnlyList<AlertDelivery> Recent,
    bool EmailAvailable,
    IReadOnlyList<EmailAlertSubscription> EmailSubscriptions,
    IReadOnlyList<EmailAlertDelivery> RecentEmails,
    int Waiting = 0);

/// <summary>An alert target just set, with the secret its deliveries are signed with: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("dara.created-alert-target")]
public sealed record CreatedAlertTarget(
    AlertTarget Target,
    string Secret);

/// <summary>
/// A target or an e-mail subscription refused: an address that is not absolute http(s) or not an e-mail address, a
/// verdict threshold other than the two, or e-mail asked of a deployment that sends none.
/// </summary>
[GenerateSerializer, Alias("dara.alert-target-exception")]
public sealed class AlertTargetException : Exception
{
    public AlertTargetException()
    {
    }

    public AlertTargetException(string message)
        : base(message)
    {
    }

    public AlertTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An organization's alerts (keyed by its tenant id): where they go, the secret that signs them, and the deliveries so
/// far. Owners set the target; every delivery is an HTTP POST of JSON signed with HMAC-SHA256 of the body
/// (<c>X-Dara-Signature: sha256=&lt;hex&gt;</c>), retried on a network failure, a time-out, 429 or a 5xx.
/// </summary>
public interface IAlertGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sends alerts to <paramref name="url"/> from now on for verdicts of <paramref name="minimumVerdict"/> or worse, and
    /// makes a new signing secret (an earlier one stops signing at once).
    /// </summary>
    /// <exception cref="AlertTargetException">The address is not absolute http(s), or the verdict is neither suspicious nor misnamed.</exception>
    Task<CreatedAlertTarget> SetTargetAsync(string url, string minimumVerdict, string setBy);

    /// <summary>
    /// Stops posting alerts to the target and forgets it, its secret and its deliveries; false when no target was set.
    /// Alerts by e-mail go on.
    /// </summary>
    Task<bool> RemoveTargetAsync();

    /// <summary>The target (never its secret) and the latest deliveries, newest first.</summary>
    Task<AlertStatus> GetStatusAsync();

    /// <summary>Sends a ping to the target now, one try, and says how it went; null when no target is set.</summary>
    Task<AlertDelivery?> SendTestAsync(string sentBy);

    /// <summary>
    /// E-mails the organization's alerts for verdicts of <paramref name="minimumVerdict"/> or worse to
    /// <paramref name="address"/> from now on (a member's proven address: the caller checks that it is the member's own),
    /// replacing that address's earlier choice.
    /// </summary>
    /// <exception cref="AlertTargetException">This deployment sends no e-mail, the address is not one, or the verdict is neither suspicious nor misnamed.</exception>
    Task<EmailAlertSubscription> SubscribeByEmailAsync(string address, string minimumVerdict);

    /// <summary>Stops e-mailing alerts to <paramref name="address"/>; false when it got none.</summary>
    Task<bool> UnsubscribeByEmailAsync(string address);

    /// <summary>E-mails a test to <paramref name="address"/>, one try, and says how it went; null when that address gets no alerts.</summary>
    Task<EmailAlertDelivery?> SendTestEmailAsync(string address);

    /// <summary>
    /// A model's verdict became flagged (the organization calls this). Stored, then delivered in the background when a
    /// target is set or a member's e-mail threshold is reached, also after a restart of the silo; dropped otherwise.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task NotifyAsync(ModelAlert alert);
}
