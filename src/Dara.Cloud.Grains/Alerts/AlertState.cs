namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// An organization's alert target, the secret its deliveries are signed with, and the latest deliveries; the members who
/// get alerts by e-mail, and the latest e-mails.
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
}
