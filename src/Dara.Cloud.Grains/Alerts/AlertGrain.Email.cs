using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Grains.Alerts;

/// <summary>
/// E-mail alerts: members ask for them at the address their sign-in proves. Alerts gather for
/// <see cref="EmailAlertOptions.DigestWindow"/> from the first of them and go out as one e-mail per member, so a
/// re-analysis of hundreds of models is one message, not hundreds. Before each gathering goes out, every subscriber's
/// membership is read again: a member removed from the organization gets no more of its model names. The gathered
/// alerts are stored, and struck off only once their e-mails have gone: a restart in between sends them after it.
/// </summary>
internal sealed partial class AlertGrain
{
    /// <summary>Members who may get alerts by e-mail; far above any organization's member count.</summary>
    public const int MaxEmailSubscriptions = 1000;

    private Task? _emailing;
    private int _droppedForEmail;
    private int _emailInterruptions;

    async Task<EmailAlertSubscription> IAlertGrain.SubscribeByEmailAsync(string address, string minimumVerdict)
    {
        if (!mailer.IsConfigured)
        {
            throw new AlertTargetException("This deployment sends no e-mail: its operator has not set a mail server (Dara:Alerts:Email:Host and From).");
        }

        if (EmailAddresses.Normalize(address) is not { } normalized)
        {
            throw new AlertTargetException($"'{Shorten(address)}' is not an e-mail address alerts can be sent to.");
        }

        if (AlertTarget.ThresholdProblem(minimumVerdict) is { } problem)
        {
            throw new AlertTargetException(problem);
        }

        var others = state.State.EmailSubscriptions.Where(s => s.Address != normalized).ToList();
        if (others.Count >= MaxEmailSubscriptions)
        {
            throw new AlertTargetException($"The organization already e-mails alerts to {MaxEmailSubscriptions} members.");
        }

        var subscription = new EmailAlertSubscription(normalized, minimumVerdict, time.GetUtcNow());
        state.State = state.State with { EmailSubscriptions = [.. others, subscription] };
        await SaveAsync();
        return subscription;
    }

    async Task<bool> IAlertGrain.UnsubscribeByEmailAsync(string address)
    {
        var normalized = EmailAddresses.Normalize(address);
        if (!state.State.EmailSubscriptions.Any(s => s.Address == normalized))
        {
            return false;
        }

        state.State = state.State with { EmailSubscriptions = [.. state.State.EmailSubscriptions.Where(s => s.Address != normalized)] };
        await SaveAsync();
        return true;
    }

    async Task<EmailAlertDelivery?> IAlertGrain.SendTestEmailAsync(string address)
    {
        var normalized = EmailAddresses.Normalize(address);
        if (!mailer.IsConfigured || !state.State.EmailSubscriptions.Any(s => s.Address == normalized))
        {
            return null;
        }

        // One try, as the webhook's test: the member waits on it.
        var delivery = await mailer.SendAsync(AlertEmails.Test(Tenant, normalized!, mailer.Server), retry: false);
        await RememberAsync(delivery);
        return delivery;
    }

    /// <summary>Stores the alert for the next e-mails when a subscriber's threshold is reached.</summary>
    private bool GatherForEmail(PendingAlert pending)
    {
        if (!mailer.IsConfigured || !state.State.EmailSubscriptions.Any(s => Reaches(s, pending.Alert)))
        {
            return false;
        }

        if (state.State.Gathered.Count >= options.Value.MaxQueued)
        {
            _droppedForEmail++;
            return false;
        }

        state.State = state.State with { Gathered = [.. state.State.Gathered, pending] };
        return true;
    }

    private async Task EmailGatheredAsync()
    {
        while (state.State.Gathered is [var first, ..])
        {
            // The window runs from the first alert gathered, also when a restart came in between.
            var wait = first.At + mailer.Server.DigestWindow - time.GetUtcNow();
            DelayDeactivation(mailer.Server.DigestWindow + TimeSpan.FromMinutes(5));
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, _deactivating.Token);
                }
                catch (OperationCanceledException)
                {
                    // The activation ends (a silo stopping): the stored alerts wait for the next one.
                    return;
                }
            }

            var gathered = state.State.Gathered;
            var alerts = gathered.Select(p => p.Alert).ToList();
            var dropped = _droppedForEmail;
            _droppedForEmail = 0;
            try
            {
                foreach (var subscription in await MembersSubscribedAsync())
                {
                    var theirs = alerts.Where(alert => Reaches(subscription, alert)).ToList();
                    if (theirs.Count > 0)
                    {
                        var delivery = await mailer.SendAsync(AlertEmails.Digest(Tenant, subscription, theirs, mailer.Server));
                        if (dropped > 0)
                        {
                            delivery = delivery with { Error = WithNote(delivery.Error, $"{dropped} alerts were left out: more than {options.Value.MaxQueued} gathered") };
                        }

                        if (delivery.Error is not null)
                        {
                            LogEmailFailed(logger, Tenant, delivery.Address, delivery.Error);
                        }

                        Remember(delivery);
                    }
                }
            }
            catch (Exception e)
            {
                // The mailer answers every mail server's failure with a delivery; an exception is the organization
                // or the silo failing under it. The alerts stay stored for the next activation (or the reminder's
                // next look), and the members already mailed may get them twice.
                LogDeliveryInterrupted(e);
                if (++_emailInterruptions < MaxInterruptions)
                {
                    return;
                }

                LogEmailsGivenUp(logger, e, Tenant, gathered.Count);
            }

            _emailInterruptions = 0;

            // Alerts that came while these were sent stay for the next e-mails.
            var sent = gathered.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            state.State = state.State with { Gathered = [.. state.State.Gathered.Where(p => !sent.Contains(p.Id))] };
            await SaveQuietlyAsync();
        }
    }

    /// <summary>The subscriptions of those still members; the others are forgotten.</summary>
    private async Task<IReadOnlyList<EmailAlertSubscription>> MembersSubscribedAsync()
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(Tenant);
        var members = new List<EmailAlertSubscription>();
        using (TenantContext.Enter(new TenantId(Tenant)))
        {
            foreach (var subscription in state.State.EmailSubscriptions)
            {
                if (await organization.GetRoleAsync(subscription.Address) is not null)
                {
                    members.Add(subscription);
                }
            }
        }

        if (members.Count < state.State.EmailSubscriptions.Count)
        {
            var left = state.State.EmailSubscriptions.Where(s => !members.Any(m => m.Address == s.Address)).Select(s => s.Address);
            state.State = state.State with { EmailSubscriptions = [.. state.State.EmailSubscriptions.Where(s => members.Any(m => m.Address == s.Address))] };
            LogUnsubscribedLeavers(logger, Tenant, string.Join(", ", left));
            await SaveAsync();
        }

        return members;
    }

    private Task RememberAsync(EmailAlertDelivery delivery)
    {
        Remember(delivery);
        return SaveAsync();
    }

    private void Remember(EmailAlertDelivery delivery) =>
        state.State = state.State with { RecentEmails = [delivery, .. state.State.RecentEmails.Take(KeptDeliveries - 1)] };

    private static bool Reaches(EmailAlertSubscription subscription, ModelAlert alert) =>
        VerdictSeverity.Of(alert.Model.Verdict) >= VerdictSeverity.Of(subscription.MinimumVerdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert e-mail of {Tenant} to {Address} not delivered: {Error}")]
    private static partial void LogEmailFailed(ILogger logger, string tenant, string address, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "E-mail alerts of {Tenant} given up: {Alerts} alerts broke the e-mails again and again")]
    private static partial void LogEmailsGivenUp(ILogger logger, Exception exception, string tenant, int alerts);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail alerts of {Tenant} stopped for {Addresses}: no longer members")]
    private static partial void LogUnsubscribedLeavers(ILogger logger, string tenant, string addresses);
}
