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
}
