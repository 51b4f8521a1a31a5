using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// A moment as people say it, "5 minutes ago", which holds in every time zone; the exact UTC time is its tooltip and
/// its machine-readable <c>datetime</c>. The server renders it, and does not know the reader's zone.
/// </summary>
public partial class RelativeTime
{
    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired]
    public DateTimeOffset At { get; set; }

    [Parameter]
    public string? Class { get; set; }

    /// <summary>How long before <paramref name="now"/> <paramref name="at"/> was; a date once it is more than a week ago.</summary>
    public static string Describe(DateTimeOffset at, DateTimeOffset now)
    {
        var ago = now - at;
        return ago switch
        {
            // A moment slightly ahead of this server's clock (another silo's) is still "just now".
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => Ago((int)ago.TotalMinutes, "minute"),
            { TotalDays: < 1 } => Ago((int)ago.TotalHours, "hour"),
            { TotalDays: < 7 } => Ago((int)ago.TotalDays, "day"),
            _ => "on " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The exact time, in UTC, as the tooltip shows it.</summary>
    public static string Exact(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Ago(int count, string unit) => $"{count} {unit}{(count == 1 ? string.Empty : "s")} ago";
}
