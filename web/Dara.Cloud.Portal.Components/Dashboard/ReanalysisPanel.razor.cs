using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Dara.Cloud.Portal.Components.Shell;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Dashboard;

/// <summary>
/// The organization's re-analysis job: its state for every member, and for reviewers and owners "Analyse models
/// again" (every model, or only those an older engine analysed: the confirmation asks which) and "Cancel", each
/// confirmed first. While the job runs the panel reads it again every
/// <see cref="RefreshInterval"/> and shows its progress; the reading stops when the job ends or the panel goes away.
/// </summary>
public sealed partial class ReanalysisPanel : IAsyncDisposable
{
    private ReanalysisJob? _job;
    private bool _loaded;
    private bool _unreadable;
    private bool _working;
    private string? _notice;
    private string? _error;
    private PeriodicRefresh? _following;
    private bool _disposed;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<ReanalysisPanel> Logger { get; set; } = default!;

    /// <summary>Reads the running or last job; null when the organization never ran one.</summary>
    [Parameter, EditorRequired]
    public Func<Task<ReanalysisJob?>> ReadJob { get; set; } = default!;

    /// <summary>
    /// Starts a job and returns it (while one runs, that one); null when the page did not start it (it says why). Its
    /// argument is the API's <c>force</c>: true for every model, false for only those an older engine analysed. Null for
    /// members who may not start jobs: the panel then offers no button.
    /// </summary>
    [Parameter]
    public Func<bool, Task<ReanalysisJob?>>? Start { get; set; }

    /// <summary>
    /// Cancels the job of the given id and returns it as it now is; null when the page did not cancel it or the job is
    /// gone. Null for members who may not cancel jobs.
    /// </summary>
    [Parameter]
    public Func<long, Task<ReanalysisJob?>>? Cancel { get; set; }

    /// <summary>How many models the organization has: the confirmation says how many "every model" covers.</summary>
    [Parameter]
    public int Models { get; set; }

    /// <summary>How often a running job is read again.</summary>
    [Parameter]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _job = await ReadJob();
        }
        catch (Exception exception)
        {
            Log.ReadFailed(Logger, exception);
            _unreadable = true;
            _error = "The re-analysis could not be read just now. Reload the page in a moment.";
        }

        _loaded = true;
    }

    // Only after rendering, which a prerendered page never reaches: its timer would outlive the response.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed || _job is not { IsRunning: true } || _following is { IsRunning: true })
        {
            return;
        }

        // The reading of an earlier job, which ended, is let go before this job's begins.
        await StopFollowingAsync();
        _following = new PeriodicRefresh(RefreshInterval, Time, RefreshJobAsync);
    }

    /// <summary>One tick while the job runs: reads it and shows it; false (no more ticks) once it ended or cannot be read.</summary>
    private async Task<bool> RefreshJobAsync(CancellationToken cancellationToken)
    {
        ReanalysisJob? job;
        try
        {
            job = await ReadJob();
        }
        catch (Exception exception)
        {
            Log.ReadFailed(Logger, exception);
            await InvokeAsync(() => Show(() => _error = "Live progress stopped: the re-analysis could not be read. It goes on in the background; reload the page to follow it again."));
            return false;
        }

        var running = false;
        await InvokeAsync(() => Show(() =>
        {
            // A cancel from this panel may have ended the job while it was being read: what the cancel answered stands.
            if (_job is { IsRunning: true } && !cancellationToken.IsCancellationRequested)
            {
                _job = job;
            }

            running = _job is { IsRunning: true };
        }));
        return running;
    }

    private void Show(Action change)
    {
        if (_disposed)
        {
            return;
        }

        change();
        StateHasChanged();
    }

    private async Task StartAsync()
    {
        if (Start is null || _working || _job is { IsRunning: true })
        {
            return;
        }

        if (await ReanalysisChoiceDialog.AskAsync(Dialogs, Models) is not { } everyModel)
        {
            return;
        }

        await ActAsync("The re-analysis could not be started: the service did not answer. Try again in a moment.", async () =>
        {
            if (await Start(everyModel) is { } job)
            {
                _job = job;
            }
        });
    }

    private async Task CancelAsync()
    {
        if (Cancel is null || _working || _job is not { IsRunning: true } running)
        {
            return;
        }

        var reached = running.Models == 0 ? "before it has listed the models" : $"after {running.Done.ToString("N0", CultureInfo.InvariantCulture)} of {running.Models.ToString("N0", CultureInfo.InvariantCulture)} models";
        if (!await ConfirmAsync(
                "Cancel the re-analysis",
                $"Stop the re-analysis {reached}? The models it analysed keep their new verdicts and the others their old ones. It can be started again.",
                "Cancel re-analysis",
                "Keep it running"))
        {
            return;
        }

        await ActAsync("The re-analysis could not be cancelled: the service did not answer. Try again in a moment.", async () =>
        {
            var job = await Cancel(running.Id) ?? await ReadJob();
            _notice = job is { Status: ReanalysisStatus.Finished or ReanalysisStatus.Failed } && job.Id == running.Id
                ? "The re-analysis had already ended: there was nothing left to cancel."
                : null;
            _job = job;
        });
    }

    /// <summary>Runs a start or a cancel; whatever the job now is, the panel follows it while it runs.</summary>
    private async Task ActAsync(string failure, Func<Task> act)
    {
        _working = true;
        _notice = null;
        _error = null;
        try
        {
            await act();
        }
        catch (Exception exception)
        {
            Log.ActionFailed(Logger, exception);
            _error = failure;
        }
        finally
        {
            _working = false;
        }

        // A running job is followed from the next render on; an ended one needs no more reading.
        if (_job is not { IsRunning: true })
        {
            await StopFollowingAsync();
        }
    }

    private async Task StopFollowingAsync()
    {
        if (_following is { } following)
        {
            _following = null;
            await following.DisposeAsync();
        }
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yesText, string cancelText) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yesText, cancelText: cancelText) == true;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await StopFollowingAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the organization's re-analysis failed")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Starting or cancelling the organization's re-analysis failed")]
        public static partial void ActionFailed(ILogger logger, Exception exception);
    }
}
