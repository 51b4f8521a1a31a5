using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// An organization's alerts (key: tenant id). Alerts wait in memory and one loop delivers them in order, in the
/// background of the grain's turns, so the organization that raised one never waits on a receiver; e-mails gather
/// alerts for a while first (AlertGrain.Email.cs). Delivery is at most
/// once: alerts still queued when the silo stops are not sent (each model's verdict stays on its page and in the API).
/// </summary>
internal sealed partial class AlertGrain(
    [PersistentState(AlertGrain.StateName, DaraStorage.Grains)] IPersistentState<AlertState> state,
    AlertSender sender,
    AlertMailer mailer,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertGrain> logger)
    : Grain, IAlertGrain
{
    public const string StateName = "alerts";

    /// <summary>Deliveries kept for the settings page and the API, newest first.</summary>
    public const int KeptDeliveries = 50;

    private const int MaxUrlLength = 2048;

    private readonly Queue<ModelAlert> _queue = new();
    private Task? _delivering;
    private int _dropped;
    private Task _lastWrite = Task.CompletedTask;

    private string Tenant => this.GetPrimaryKeyString();

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

        _queue.Clear();
        state.State = state.State with { Target = null, Secret = null, Recent = [] };
        await SaveAsync();
        return true;
    }

    Task<AlertStatus> IAlertGrain.GetStatusAsync() => Task.FromResult(new AlertStatus(
        state.State.Target, state.State.Recent, mailer.IsConfigured, state.State.EmailSubscriptions, state.State.RecentEmails));

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

    Task IAlertGrain.NotifyAsync(ModelAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        GatherForEmail(alert);
        if (state.State.Target is not { } target || VerdictSeverity.Of(alert.Model.Verdict) < VerdictSeverity.Of(target.MinimumVerdict))
        {
            return Task.CompletedTask;
        }

        if (_queue.Count >= options.Value.MaxQueued)
        {
            _dropped++;
            return Task.CompletedTask;
        }

        _queue.Enqueue(alert);
        if (_delivering is null || _delivering.IsCompleted)
        {
            // Started in this turn, the loop runs on the grain's scheduler: its steps take turns with the grain's calls.
            _delivering = DeliverQueuedAsync();
        }

        return Task.CompletedTask;
    }

    private async Task DeliverQueuedAsync()
    {
        while (_queue.TryDequeue(out var alert))
        {
            if (state.State is not { Target: { } target, Secret: { } secret })
            {
                _queue.Clear();
                return;
            }

            // Stay active while alerts wait: an idle collection would lose them.
            DelayDeactivation(TimeSpan.FromMinutes(5));
            try
            {
                var delivery = await sender.SendAsync(AlertPayloads.Flagged(Tenant, alert), target.Url, secret);
                if (state.State.Target is null)
                {
                    // Alerts were stopped while this one was on its way: the log went with the target.
                    return;
                }

                if (_dropped > 0)
                {
                    delivery = delivery with { Error = $"{delivery.Error}{(delivery.Error is null ? string.Empty : "; ")}{_dropped} earlier alerts were dropped: more than {options.Value.MaxQueued} waited" };
                    _dropped = 0;
                }

                if (delivery.Error is not null)
                {
                    LogDeliveryFailed(logger, Tenant, delivery.Model ?? "", delivery.Error);
                }

                await RememberAsync(delivery);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A storage fault must not stop the alerts behind this one.
                LogDeliveryFault(logger, e, Tenant);
            }
        }
    }

    private Task RememberAsync(AlertDelivery delivery)
    {
        state.State = state.State with { Recent = [delivery, .. state.State.Recent.Take(KeptDeliveries - 1)] };
        return SaveAsync();
    }

    /// <summary>Writes the state after any write still running: the delivery loop and the grain's calls both write.</summary>
    private Task SaveAsync()
    {
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

        await state.WriteStateAsync();
    }

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
}
