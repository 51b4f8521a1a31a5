namespace Dara.Cloud;

/// <summary>A Hugging Face webhook delivery, reduced to what registration needs.</summary>
[GenerateSerializer, Immutable, Alias("dara.hub-event")]
public sealed record HubEvent(string Scope, string Action, string RepoType, string RepoId, string? HeadSha);

/// <summary>How an organization's watcher is doing.</summary>
/// <param name="LastError">What went wrong at the last poll (a Hub failure, a model that could not be read), or null.</param>
/// <param name="ModelLimitReached">
/// Why the watcher registers no new models, while the organization has as many models as it may; null otherwise. It
/// keeps updating the models it registered, and registers the ones it held back once models are deleted.
/// </param>
[GenerateSerializer, Immutable, Alias("dara.watcher-status")]
public sealed record WatcherStatus(bool Active, DateTimeOffset? LastPoll, int ModelsRegistered, string? LastError, string? ModelLimitReached = null);

/// <summary>
/// Watches an organization's Hub authors (key: tenant id): a reminder polls for new and updated models (conditional
/// requests, Retry-After honoured, paging) and registers them; webhook events take the same path at once.
/// </summary>
public interface IRegistryWatcherGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts) the polling reminder.</summary>
    Task StartAsync(TimeSpan interval);

    Task StopAsync();

    Task<WatcherStatus> GetStatusAsync();

    /// <summary>
    /// Polls now; returns how many models were registered or updated. One poll registers a bounded number of models
    /// (the silo's <c>Dara:Watcher:MaxRegistrationsPerPoll</c>), so a large author takes several polls.
    /// </summary>
    Task<int> PollNowAsync();

    /// <summary>A webhook event for a repo of a watched author: registers or updates it.</summary>
    Task HandleAsync(HubEvent hubEvent);
}
