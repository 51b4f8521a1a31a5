using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Portal.Components.Settings;

/// <summary>
/// How the organization's Hub watcher is doing, under its watched authors: whether it polls, when it last did and how
/// many models it registered, with an alert when its last poll failed or when it holds new models back because the
/// organization is full. Owners poll at once ("Poll now") and read what the poll did.
/// </summary>
public partial class WatcherStatusView
{
    private bool _polling;
    private int? _polled;
    private string? _pollError;

    [Inject]
    private ILogger<WatcherStatusView> Logger { get; set; } = default!;

    /// <summary>The watcher's status; null while loading.</summary>
    [Parameter]
    public WatcherStatus? Status { get; set; }

    /// <summary>Whether any author is watched: without one the watcher has nothing to say or to poll.</summary>
    [Parameter]
    public bool HasAuthors { get; set; }

    /// <summary>Whether the signed-in user may poll now (owners).</summary>
    [Parameter]
    public bool CanPoll { get; set; }

    /// <summary>
    /// Polls the watched authors now; returns how many models were registered or updated, or null when the page did
    /// not poll (it says why). The page then passes the new <see cref="Status"/>.
    /// </summary>
    [Parameter]
    public Func<Task<int?>>? PollNow { get; set; }

    private const string KeepsFailingAdvice = "if it keeps failing, check that the authors exist on the Hub and that the Hub can be reached.";

    private string RegisteredText => Status!.ModelsRegistered switch
    {
        1 => "1 model registered or updated so far",
        var count => $"{count.ToString("N0", CultureInfo.InvariantCulture)} models registered or updated so far",
    };

    // Read when rendered, so that it agrees with the status the page passed after the poll (a failed author included).
    private string? OutcomeText => _polled switch
    {
        null => null,
        _ when Status?.LastError is not null => "Polled just now, with the error above.",
        0 when Status?.ModelLimitReached is not null => "Polled just now: nothing registered, new models are held back.",
        0 => "Polled just now: no new or updated models.",
        1 => "Polled just now: 1 model registered or updated.",
        var count => $"Polled just now: {count.Value.ToString("N0", CultureInfo.InvariantCulture)} models registered or updated.",
    };

    private async Task PollAsync()
    {
        if (PollNow is null || _polling)
        {
            return;
        }

        _polling = true;
        _polled = null;
        _pollError = null;
        try
        {
            _polled = await PollNow();
        }
        catch (TimeoutException exception)
        {
            // A large author takes several requests: the poll goes on in the watcher after the call gives up waiting.
            Log.PollFailed(Logger, exception);
            _pollError = "The poll is taking longer than the page waits for. It goes on in the background: reload the page in a minute to see what it did.";
        }
        catch (Exception exception)
        {
            Log.PollFailed(Logger, exception);
            _pollError = "The poll could not be run: the watcher did not answer. Try again in a moment.";
        }
        finally
        {
            _polling = false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the Hub from the settings page failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }
}
