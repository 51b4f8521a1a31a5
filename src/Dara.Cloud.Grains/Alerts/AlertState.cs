namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// An organization's alert target, the secret its deliveries are signed with, and the latest deliveries; the members who
/// get alerts by e-mail, and the latest e-mails; and the alerts not yet sent, kept here so a restart cannot lose them.
/// </summary>
[GenerateSerializer, Alias("dara.alert-state")]
internal sealed record AlertState
{
    [Id(0)]
    public AlertTarget? Target { get; init; }

    /// <summary>
    /// The signing secret. Kept as it is, not hashed, because every delivery is signed with it (HMAC); it is never
    /// returned after the answer that made it.
    /// </summary>
    [Id(1)]
    public string? Secret { get; init; }

    /// <summary>Newest first, at most <see cref="AlertGrain.KeptDeliveries"/>.</summary>
    [Id(2)]
    public IReadOnlyList<AlertDelivery> Recent { get; init; } = [];

    [Id(3)]
    public IReadOnlyList<EmailAlertSubscription> EmailSubscriptions { get; init; } = [];

    /// <summary>Newest first, at most <see cref="AlertGrain.KeptDeliveries"/>.</summary>
    [Id(4)]
    public IReadOnlyList<EmailAlertDelivery> RecentEmails { get; init; } = [];

    /// <summary>Alerts accepted for the webhook and not yet delivered, oldest first.</summary>
    [Id(5)]
    public IReadOnlyList<PendingAlert> Waiting { get; init; } = [];

    /// <summary>Alerts gathering for the next e-mails, oldest first.</summary>
    [Id(6)]
    public IReadOnlyList<PendingAlert> Gathered { get; init; } = [];
}

/// <summary>
/// An alert kept until it has gone out, so a restart in between delays it instead of losing it. <paramref name="Id"/>
/// is its delivery id from the start: an alert sent again after a restart carries the one it went out with before, so
/// a receiver can tell the repeat.
/// </summary>
[GenerateSerializer, Alias("dara.pending-alert")]
internal sealed record PendingAlert([property: Id(0)] string Id, [property: Id(1)] ModelAlert Alert, [property: Id(2)] DateTimeOffset At);
