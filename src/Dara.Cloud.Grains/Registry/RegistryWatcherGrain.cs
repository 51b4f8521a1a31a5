using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Grains.Analysis;
using Dara.Cloud.Grains.Hosting;
using Dara.Cloud.Registry.Polling;
using Dara.Cloud.Registry.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Grains.Registry;

/// <summary>
/// Watches an organization's Hub authors (key: tenant id). A reminder polls each author's listing with the last ETag
/// (a 304 costs nothing), registers new models and models at a new commit through their model grains, and remembers
/// what it saw. A failed poll keeps the old ETags and says why in <see cref="WatcherStatus.LastError"/>; the next tick
/// tries again. Webhook events for watched authors take the same path at once. When the organization refuses a model
/// for its model limit, the watcher holds new models back and says so (<see cref="WatcherStatus.ModelLimitReached"/>):
/// polls pass over the models it never registered (so they are not offered again at every poll) and keep the ones it
/// did up to date; the first poll that finds room reads every listing anew and registers what was held back.
/// </summary>
internal sealed partial class RegistryWatcherGrain(
    [PersistentState(RegistryWatcherGrain.StateName, DaraStorage.Grains)] IPersistentState<WatcherState> state,
    HubClient hub,
    IOptions<RegistryWatcherOptions> options,
    TimeProvider time,
    ILogger<RegistryWatcherGrain> logger)
    : Grain, IRegistryWatcherGrain, IRemindable
{
    public const string StateName = "watcher";
    public const string ReminderName = "poll-hub";

    private TenantId Tenant => new(this.GetPrimaryKeyString());

    async Task IRegistryWatcherGrain.StartAsync(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The polling interval must be positive.");
        }

        // Idempotent: starting a running watcher keeps its schedule (the organization starts it again on activation).
        if (state.State.Active && state.State.Interval == interval && await this.GetReminder(ReminderName) is not null)
        {
            return;
        }

        await this.RegisterOrUpdateReminder(ReminderName, options.Value.FirstPollDelay, interval);
        state.State = state.State with { Active = true, Interval = interval };
        await state.WriteStateAsync();
    }

    async Task IRegistryWatcherGrain.StopAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        state.State = state.State with { Active = false };
        await state.WriteStateAsync();
    }

    Task<WatcherStatus> IRegistryWatcherGrain.GetStatusAsync() =>
        Task.FromResult(new WatcherStatus(state.State.Active, state.State.LastPoll, state.State.ModelsRegistered, state.State.LastError, state.State.ModelLimitReached));

    Task<int> IRegistryWatcherGrain.PollNowAsync() => PollAsync();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        // A tick comes from the runtime, not from a caller: this grain acts for its own tenant.
        using var tenant = TenantContext.Enter(Tenant);
        if (!state.State.Active)
        {
            if (await this.GetReminder(ReminderName) is { } stale)
            {
                await this.UnregisterReminder(stale);
            }

            return;
        }

        await PollAsync();
    }

    async Task IRegistryWatcherGrain.HandleAsync(HubEvent hubEvent)
    {
        ArgumentNullException.ThrowIfNull(hubEvent);
        if (!WebhookScopes.ChangesContent(hubEvent) || !ModelKey.TryParse(Tenant, hubEvent.RepoId, out var key))
        {
            return;
        }

        var organization = GrainFactory.GetGrain<IOrganizationGrain>(Tenant.Value);
        var authors = await organization.GetWatchedAuthorsAsync();
        if (!authors.Contains(key.Owner, StringComparer.OrdinalIgnoreCase))
        {
            LogIgnoredEvent(logger, Tenant.Value, hubEvent.RepoId);
            return;
        }

        var deleted = hubEvent.Action is WebhookScopes.Delete or WebhookScopes.Move;
        if (!deleted && await IsHeldBackAsync(organization, hubEvent.RepoId))
        {
            LogHeldBack(logger, Tenant.Value, hubEvent.RepoId);
            return;
        }

        string? head = null;
        if (!deleted)
        {
            // Deliveries come late, twice, or after the repository was deleted: the Hub's current head, not the event's
            // headSha, says what to register, so a stale delivery neither rolls a model back nor brings a deleted one back.
            (var exists, head) = await CurrentHeadAsync(hubEvent.RepoId);
            if (!exists)
            {
                return;
            }

            if (head is not null && state.State.Seen.GetValueOrDefault(hubEvent.RepoId) == head)
            {
                LogEventAlreadySeen(logger, Tenant.Value, hubEvent.RepoId, head);
                return;
            }
        }

        try
        {
            key = deleted ? await organization.FindAsync(key) : await organization.ClaimAsync(key);
        }
        catch (ModelLimitReachedException e)
        {
            LogHeldBack(logger, Tenant.Value, hubEvent.RepoId);
            state.State = state.State with { ModelLimitReached = HeldBackReason(e) };
            await state.WriteStateAsync();
            return;
        }

        var seen = new Dictionary<string, string>(state.State.Seen, StringComparer.Ordinal);
        var model = GrainFactory.GetGrain<IModelGrain>(key.GrainKey);
        if (await IsUploadAsync(model))
        {
            LogUploadKept(logger, Tenant.Value, hubEvent.RepoId, hubEvent.Action);
            return;
        }

        var registered = 0;
        if (deleted)
        {
            // A moved model is found under its new name by the next poll.
            await model.DeleteAsync();
            seen.Remove(hubEvent.RepoId);
        }
        else
        {
            ModelView view;
            try
            {
                view = await model.RegisterFromHubAsync(hubEvent.RepoId, head);
            }
            catch (ModelSourceUnavailableException e)
            {
                // Not seen: the next poll lists the model again and registers it then.
                LogPollFailed(logger, Tenant.Value, key.Owner, e.Message);
                return;
            }
            catch (ModelNotOnHubException e)
            {
                // Deleted (or made private) since the Hub answered a moment ago: nothing to register.
                LogStaleEvent(logger, Tenant.Value, hubEvent.RepoId, e.Message);
                return;
            }

            if (view.Current is { Verdict: not AnalysisEngine.Unreadable, Revision: { } revision })
            {
                seen[hubEvent.RepoId] = revision;
            }

            registered = 1;
        }

        state.State = state.State with { Seen = seen, ModelsRegistered = state.State.ModelsRegistered + registered };
        await state.WriteStateAsync();
    }

    /// <summary>
    /// Whether the repository is on the Hub now, and its head commit. A Hub out of reach is not an answer: the event is
    /// dropped and the next poll finds the change.
    /// </summary>
    private async Task<(bool Exists, string? Sha)> CurrentHeadAsync(string repoId)
    {
        try
        {
            return (true, (await hub.GetModelInfoAsync(repoId)).Sha);
        }
        catch (HubUnavailableException e)
        {
            LogPollFailed(logger, Tenant.Value, repoId, e.Message);
            return (false, null);
        }
        catch (ArtifactException e)
        {
            LogStaleEvent(logger, Tenant.Value, repoId, e.Message);
            return (false, null);
        }
    }

    /// <summary>
    /// Whether a delivery for <paramref name="repoId"/> is for a new model while new models are held back and the
    /// organization is still full: it is dropped before the Hub is asked about it, so a flood of deliveries costs nothing.
    /// </summary>
    private async Task<bool> IsHeldBackAsync(IOrganizationGrain organization, string repoId) =>
        state.State.ModelLimitReached is not null
        && await organization.FindModelIdAsync(repoId) is null
        && await organization.GetRoomForModelsAsync() == 0;

    private static string HeldBackReason(ModelLimitReachedException refusal) =>
        $"{refusal.Message} Until then the watcher registers no new models of the watched authors; it keeps the models it registered up to date.";

    private async Task<int> PollAsync()
    {
        var organization = GrainFactory.GetGrain<IOrganizationGrain>(Tenant.Value);
        var authors = await organization.GetWatchedAuthorsAsync();
        var heldBack = state.State.ModelLimitReached;
        var previousETags = state.State.ETags;
        if (heldBack is not null && await organization.GetRoomForModelsAsync() > 0)
        {
            // Room again: without their ETags every listing is read anew, so the models passed over are found again.
            heldBack = null;
            previousETags = new Dictionary<string, string>();
        }

        var poller = new HubAuthorPoller(hub, new HubAuthorPollerOptions { PageSize = options.Value.PageSize });
        var seen = new Dictionary<string, string>(state.State.Seen, StringComparer.Ordinal);
        var etags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var registered = 0;

        // While new models are held back, one the watcher never registered counts as known: the listing moves past it to
        // the updates of the models it did register, instead of offering the same new models to every poll.
        bool IsKnown(HubModelRevision model) => seen.TryGetValue(model.Id, out var sha) ? model.Sha is not null && sha == model.Sha : heldBack is not null;

        foreach (var author in authors)
        {
            var previousETag = previousETags.GetValueOrDefault(author);
            try
            {
                var budget = options.Value.MaxRegistrationsPerPoll - registered;
                if (budget <= 0)
                {
                    // This poll's registrations are spent: the remaining authors keep their ETags and come next time.
                    if (previousETag is not null)
                    {
                        etags[author] = previousETag;
                    }

                    continue;
                }

                var poll = await poller.PollAsync(author, previousETag, IsKnown, budget);
                var batch = poll.Changed.Count > budget ? poll.Changed.Take(budget).ToArray() : poll.Changed;
                var (count, failures, refusal) = poll.NotModified ? (0, 0, null) : await RegisterAsync(batch, seen, errors);
                registered += count;
                if (refusal is not null)
                {
                    LogHeldBack(logger, Tenant.Value, author);
                    heldBack = HeldBackReason(refusal);
                }

                // A model that failed, or was left for the next poll, is found again: without the ETag the listing is read again.
                if ((poll.ETag ?? previousETag) is { } etag && poll.Complete && failures == 0 && batch.Count == poll.Changed.Count)
                {
                    etags[author] = etag;
                }
            }
            catch (ArtifactException e)
            {
                errors.Add($"{author}: {e.Message}");
                LogPollFailed(logger, Tenant.Value, author, e.Message);
                if (previousETag is not null)
                {
                    etags[author] = previousETag;
                }
            }
        }

        state.State = state.State with
        {
            ETags = etags,
            Seen = seen,
            LastPoll = time.GetUtcNow(),
            ModelsRegistered = state.State.ModelsRegistered + registered,
            LastError = errors.Count == 0 ? null : string.Join("; ", errors.Take(5)),
            ModelLimitReached = heldBack,
        };
        await state.WriteStateAsync();
        return registered;
    }

    /// <summary>
    /// Registers <paramref name="changed"/>, a few at a time; returns how many were registered and failed, and the
    /// organization's refusal when it refused new ones for its model limit (those are neither: not registered, and not
    /// failures the listing must be read again for).
    /// </summary>
    private async Task<(int Registered, int Failed, ModelLimitReachedException? Refusal)> RegisterAsync(
        IReadOnlyList<HubModelRevision> changed, Dictionary<string, string> seen, List<string> errors)
    {
        var running = new List<Task<(HubModelRevision Model, ModelView? View, Exception? Error, bool Uploaded)>>();
        var registered = 0;
        var failed = 0;
        ModelLimitReachedException? refusal = null;
        var next = 0;
        while (next < changed.Count || running.Count > 0)
        {
            while (running.Count < options.Value.RegisterConcurrency && next < changed.Count)
            {
                var model = changed[next++];
                if (!ModelKey.TryParse(Tenant, model.Id, out var key))
                {
                    continue;
                }

                running.Add(RegisterOneAsync(GrainFactory.GetGrain<IOrganizationGrain>(Tenant.Value), key, model));
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            var (revision, view, error, uploaded) = await done;
            if (uploaded)
            {
                // Seen, so that the next poll does not ask again for the same commit.
                LogUploadKept(logger, Tenant.Value, revision.Id, "listed");
                if (revision.Sha is { } listed)
                {
                    seen[revision.Id] = listed;
                }

                continue;
            }

            if (error is ModelLimitReachedException limit)
            {
                refusal = limit;
                continue;
            }

            if (error is not null)
            {
                failed++;
                errors.Add($"{revision.Id}: {error.Message}");
                continue;
            }

            registered++;
            if (view?.Current is { Verdict: not AnalysisEngine.Unreadable } && revision.Sha is { } sha)
            {
                seen[revision.Id] = sha;
            }
            else
            {
                failed++;
            }
        }

        return (registered, failed, refusal);
    }

    private async Task<(HubModelRevision, ModelView?, Exception?, bool Uploaded)> RegisterOneAsync(IOrganizationGrain organization, ModelKey key, HubModelRevision revision)
    {
        try
        {
            var model = GrainFactory.GetGrain<IModelGrain>((await organization.ClaimAsync(key)).GrainKey);
            return await IsUploadAsync(model)
                ? (revision, null, null, true)
                : (revision, await model.RegisterFromHubAsync(revision.Id, revision.Sha), null, false);
        }
        catch (Exception e)
        {
            return (revision, null, e, false);
        }
    }

    // A model the organization uploaded is its own copy (often checked before it was published): the Hub's listings and
    // events never replace or delete it. Registering it from the Hub explicitly (the API's {"hf": …}) still does.
    private static async Task<bool> IsUploadAsync(IModelGrain model) =>
        await model.GetAsync() is { Origin.Kind: ModelOrigin.UploadKind };

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub {Action} of {RepoId} left alone by {Tenant}: the organization uploaded that model itself")]
    private static partial void LogUploadKept(ILogger logger, string tenant, string repoId, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "New models held back by {Tenant} ({Source}): the organization has as many models as it may")]
    private static partial void LogHeldBack(ILogger logger, string tenant, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling Hub author {Author} for {Tenant} failed: {Problem}")]
    private static partial void LogPollFailed(ILogger logger, string tenant, string author, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub event for {RepoId} ignored by {Tenant}: the Hub no longer serves it ({Problem})")]
    private static partial void LogStaleEvent(ILogger logger, string tenant, string repoId, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hub event for {RepoId} ignored by {Tenant}: commit {Sha} is already registered")]
    private static partial void LogEventAlreadySeen(ILogger logger, string tenant, string repoId, string sha);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hub event for {RepoId} ignored by {Tenant}: its author is not watched")]
    private static partial void LogIgnoredEvent(ILogger logger, string tenant, string repoId);
}
