namespace Dara.Cloud;

/// <summary>A Hugging Face webhook delivery, reduced to what registration needs.</summary>
[GenerateSerializer, Immutable, Alias("dara.hub-event")]
public sealed record HubEvent(string Scope, string Action, string RepoType, string RepoId, string? HeadSha);

/// <summary>How an organization's watcher is doing.</summary>
[GenerateSerializer, Immutable, Alias("dara.watcher-status")]
public sealed record WatcherStatus(bool Active, DateTimeOffset? LastPoll, int ModelsRegistered, string? LastError);

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
