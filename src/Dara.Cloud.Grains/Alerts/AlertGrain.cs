using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// An organization's alerts (key: tenant id). An alert is stored before anything else happens to it, and one loop
/// delivers the stored alerts in order, in the background of the grain's turns, so the organization that raised one
/// never waits on a receiver; e-mails gather alerts for a while first (AlertGrain.Email.cs). An alert leaves the store
/// only once it has gone out (or failed for good), so delivery is at least once: alerts a stopped silo left behind go
/// out when the grain is next active, which a reminder sees to while any wait. One that was sent just before the stop
/// and not yet struck off goes again, with the same delivery id.
/// </summary>
internal sealed partial class AlertGrain(
    [PersistentState(AlertGrain.StateName, DaraStorage.Grains)] IPersistentState<AlertState> state,
    AlertSender sender,
    AlertMailer mailer,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertGrain> logger)
    : Grain, IAlertGrain, IRemindable
{
    public const string StateName = "alerts";

    /// <summary>The reminder that wakes the grain while alerts wait (see <see cref="AlertOptions.ResumeInterval"/>).</summary>
    public const string ResumeReminderName = "deliver-waiting-alerts";

    /// <summary>Deliveries kept for the settings page and the API, newest first.</summary>
    public const int KeptDeliveries = 50;

    private const int MaxUrlLength = 2048;

    /// <summary>
    /// Times in a row one activation's delivery may break on the same alerts before it gives them up. A stopping silo
    /// breaks it once and ends the activation; the same failure again and again in one activation is the alert itself,
    /// and giving up is better than sending the alerts before it (e-mail) or none behind it (webhook) every minute.
    /// </summary>
    private const int MaxInterruptions = 3;

    private readonly CancellationTokenSource _deactivating = new();
    private Task? _delivering;
    private int _dropped;
    private int _interruptions;
    private Task _lastWrite = Task.CompletedTask;
    private bool _writeWaiting;
    private bool _reminded;

    private string Tenant => this.GetPrimaryKeyString();

    private bool AnyWaiting => state.State.Waiting.Count > 0 || state.State.Gathered.Count > 0;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Alerts stored as waiting were accepted by an activation that ended before they went out: send them now, and
        // keep the reminder that looks in on them (a silo with reminders in memory lost it).
        if (AnyWaiting)
        {
            await KeepRemindedAsync();
            StartDelivering();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A digest window still running would wake on a finished activation; its alerts are stored for the next one.
        await _deactivating.CancelAsync();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminderName)
        {
            return;
        }

        if (AnyWaiting)
        {
            // Activating the grain for this call already started the loops; this keeps them going if one had stopped.
            StartDelivering();
            return;
        }

        if (await this.GetReminder(ResumeReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminded = false;
    }

    async Task<CreatedAlertTarget> IAlertGrain.SetTargetAsync(string url, string minimumVerdict, string setBy)
    {
        ArgumentNullException.ThrowIfNull(setBy);
        if (!IsReceiverAddress(url))
        {
            throw new AlertTargetException($"'{Shorten(url)}' is not an address alerts can be sent to: give an absolute http or https address, without a user name or password, of at most {MaxUrlLength} characters.");
        }

        if (AlertTarget.ThresholdProblem(minimumVerdict) is { } problem)
        {
            throw new AlertTargetException(problem);
        }

        var target = new AlertTarget(url, minimumVerdict, time.GetUtcNow(), setBy);
        var secret = "dara_alert_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        state.State = state.State with { Target = target, Secret = secret };
        await SaveAsync();
        return new CreatedAlertTarget(target, secret);
    }

    async Task<bool> IAlertGrain.RemoveTargetAsync()
    {
        if (state.State.Target is null)
        {
            return false;
        }

        state.State = state.State with { Target = null, Secret = null, Recent = [], Waiting = [] };
        await SaveAsync();
        return true;
    }

    Task<AlertStatus> IAlertGrain.GetStatusAsync() => Task.FromResult(new AlertStatus(
        state.State.Target, state.State.Recent, mailer.IsConfigured, state.State.EmailSubscriptions, state.State.RecentEmails, state.State.Waiting.Count));

    async Task<AlertDelivery?> IAlertGrain.SendTestAsync(string sentBy)
    {
        if (state.State is not { Target: { } target, Secret: { } secret })
        {
            return null;
        }

        // One try: the owner waits on the answer, and a grain call may not outlive Orleans' response timeout.
        var delivery = await sender.SendAsync(AlertPayloads.PingOf(Tenant, sentBy), target.Url, secret, retry: false);
        await RememberAsync(delivery);
        return delivery;
    }

    async Task IAlertGrain.NotifyAsync(ModelAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var pending = new PendingAlert(AlertPayloads.NewId(), alert, time.GetUtcNow());
        var kept = GatherForEmail(pending) | QueueForWebhook(pending);
        if (!kept)
        {
            return;
        }

        // Stored and reminded before it is sent: from the first try on, a restart cannot lose it.
        await SaveAsync();
        await KeepRemindedAsync();
        StartDelivering();
    }

    /// <summary>Stores the alert for the webhook when a target is set and the verdict reaches its threshold.</summary>
    private bool QueueForWebhook(PendingAlert pending)
    {
        if (state.State.Target is not { } target || VerdictSeverity.Of(pending.Alert.Model.Verdict) < VerdictSeverity.Of(target.MinimumVerdict))
        {
            return false;
        }

        if (state.State.Waiting.Count >= options.Value.MaxQueued)
        {
            _dropped++;
            return false;
        }

        state.State = state.State with { Waiting = [.. state.State.Waiting, pending] };
        return true;
    }

    /// <summary>Starts the loops that send what is stored, unless they are running.</summary>
    private void StartDelivering()
    {
        // Started in a turn of the grain, a loop runs on the grain's scheduler: its steps take turns with the grain's calls.
        if (state.State.Waiting.Count > 0 && _delivering is not { IsCompleted: false })
        {
            _delivering = DeliverWaitingAsync();
        }

        if (state.State.Gathered.Count > 0 && _emailing is not { IsCompleted: false })
        {
            _emailing = EmailGatheredAsync();
        }
    }

    /// <summary>
    /// Registers the reminder that brings the grain back while alerts wait. A failure is only logged: the alerts are
    /// stored, and the organization's next alert or any call activates the grain and sends them.
    /// </summary>
    private async Task KeepRemindedAsync()
    {
        if (_reminded)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(ResumeReminderName, options.Value.ResumeInterval, options.Value.ResumeInterval);
            _reminded = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderFailed(logger, e, Tenant);
        }
    }

    private async Task DeliverWaitingAsync()
    {
        while (state.State.Waiting is [var next, ..])
        {
            if (state.State is not { Target: { } target, Secret: { } secret })
            {
                state.State = state.State with { Waiting = [] };
                await SaveQuietlyAsync();
                return;
            }

            // Stay active while alerts wait: deactivation would leave them to the reminder.
            DelayDeactivation(TimeSpan.FromMinutes(5));
            AlertDelivery delivery;
            try
            {
                delivery = await sender.SendAsync(AlertPayloads.Flagged(Tenant, next.Id, next.Alert), target.Url, secret);
                _interruptions = 0;
            }
            catch (Exception e)
            {
                // The sender answers every receiver's failure with a delivery; an exception is the silo stopping under
                // it, and the alert stays stored for the next activation (or the reminder's next look).
                LogDeliveryInterrupted(e);
                if (++_interruptions < MaxInterruptions)
                {
                    return;
                }

                _interruptions = 0;
                delivery = new AlertDelivery(
                    next.Id, AlertPayloads.ModelFlagged, next.Alert.Model.RepoId, next.Alert.Model.Verdict, time.GetUtcNow(), null, $"not sent: {e.Message}", 0);
            }

            state.State = state.State with { Waiting = [.. state.State.Waiting.Where(w => w.Id != next.Id)] };
            if (state.State.Target is null)
            {
                // Alerts stopped while this one was on its way: the log went with the target.
                await SaveQuietlyAsync();
                continue;
            }

            if (_dropped > 0)
            {
                delivery = delivery with { Error = WithNote(delivery.Error, $"{_dropped} earlier alerts were dropped: more than {options.Value.MaxQueued} waited") };
                _dropped = 0;
            }

            if (delivery.Error is not null)
            {
                LogDeliveryFailed(logger, Tenant, delivery.Model ?? "", delivery.Error);
            }

            Remember(delivery);
            await SaveQuietlyAsync();
        }
    }

    private Task RememberAsync(AlertDelivery delivery)
    {
        Remember(delivery);
        return SaveAsync();
    }

    private void Remember(AlertDelivery delivery) =>
        state.State = state.State with { Recent = [delivery, .. state.State.Recent.Take(KeptDeliveries - 1)] };

    /// <summary>
    /// Writes the state after any write still running: the delivery loops and the grain's calls all write. A change
    /// made while a write waits its turn rides on that write, so a burst of alerts costs a few writes, not one each.
    /// </summary>
    private Task SaveAsync()
    {
        if (_writeWaiting)
        {
            return _lastWrite;
        }

        _writeWaiting = true;
        _lastWrite = WriteAfterAsync(_lastWrite);
        return _lastWrite;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The earlier write's caller saw its failure; this write carries the same state and more.
        }

        // From here the write reads the state as it is: a later change needs a write of its own.
        _writeWaiting = false;
        await state.WriteStateAsync();
    }

    /// <summary>A delivery loop's write: a storage fault is logged, and the loop goes on with the alerts behind.</summary>
    private async Task SaveQuietlyAsync()
    {
        try
        {
            await SaveAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFault(logger, e, Tenant);
        }
    }

    /// <summary>A delivery's error with a note added (alerts dropped before it), or the note alone when it went out.</summary>
    private static string WithNote(string? error, string note) => error is null ? note : $"{error}; {note}";

    private static bool IsReceiverAddress(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.UserInfo);

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert for {Model} of {Tenant} not delivered: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string tenant, string model, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert delivery of {Tenant} failed")]
    private static partial void LogDeliveryFault(ILogger logger, Exception exception, string tenant);

    /// <summary>A cancelled delivery is the silo stopping, as expected: said in a line. Anything else keeps its stack.</summary>
    private void LogDeliveryInterrupted(Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            LogDeliveryStopped(logger, Tenant);
        }
        else
        {
            LogDeliveryBroken(logger, exception, Tenant);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert delivery of {Tenant} stopped with the silo: the alerts stay stored for the next activation")]
    private static partial void LogDeliveryStopped(ILogger logger, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert delivery of {Tenant} interrupted: the alerts stay stored for the next activation")]
    private static partial void LogDeliveryBroken(ILogger logger, Exception exception, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerts of {Tenant} wait without a reminder: they go out when the grain is next active")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string tenant);
}
