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

/// <summary>The alert target (never its signing secret) and the latest deliveries, newest first.</summary>
[GenerateSerializer, Immutable, Alias("dara.alert-status")]
public sealed record AlertStatus(
    AlertTarget? Target,
    IReadOnlyList<AlertDelivery> Recent);

/// <summary>An alert target just set, with the secret its deliveries are signed with: the only time the secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("dara.created-alert-target")]
public sealed record CreatedAlertTarget(
    AlertTarget Target,
    string Secret);

/// <summary>A target refused: an address that is not absolute http(s), or a verdict threshold other than the two.</summary>
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

    /// <summary>Stops alerts and forgets the secret and the deliveries; false when no target was set.</summary>
    Task<bool> RemoveTargetAsync();

    /// <summary>The target (never its secret) and the latest deliveries, newest first.</summary>
    Task<AlertStatus> GetStatusAsync();

    /// <summary>Sends a ping to the target now, one try, and says how it went; null when no target is set.</summary>
    Task<AlertDelivery?> SendTestAsync(string sentBy);

    /// <summary>
    /// A model's verdict became flagged (the organization calls this). Delivered in the background when a target is set
    /// and the verdict reaches its threshold; dropped otherwise.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task NotifyAsync(ModelAlert alert);
}
