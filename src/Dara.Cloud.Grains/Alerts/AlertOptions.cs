namespace Dara.Cloud.Grains.Alerts;

/// <summary>How alerts are delivered (<c>Dara:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Dara:Alerts";

    /// <summary>Tries per delivery, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the second try; it doubles (with jitter) before each later one.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may take, the connection included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Alerts waiting for delivery in one organization. Beyond it (a receiver down during a re-analysis of thousands of
    /// models) the newest are dropped, and the next delivery's log entry says how many.
    /// </summary>
    public int MaxQueued { get; set; } = 1000;

    /// <summary>
    /// While alerts wait, a reminder looks in this often, so alerts a stopped silo left behind go out after a restart
    /// without waiting for the organization's next alert.
    /// </summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromMinutes(1);
}
