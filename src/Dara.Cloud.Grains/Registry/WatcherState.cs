namespace Dara.Cloud.Grains.Registry;

/// <summary>What a registry watcher remembers between polls.</summary>
[GenerateSerializer, Immutable, Alias("dara.watcher-state")]
internal sealed record WatcherState
{
    [Id(0)]
    public bool Active { get; init; }

    [Id(1)]
    public TimeSpan Interval { get; init; }

    /// <summary>Author → the ETag of the first listing page at the last complete poll.</summary>
    [Id(2)]
    public IReadOnlyDictionary<string, string> ETags { get; init; } = new Dictionary<string, string>();

    /// <summary>Model id → the commit last registered.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string> Seen { get; init; } = new Dictionary<string, string>();

    [Id(4)]
    public DateTimeOffset? LastPoll { get; init; }

    [Id(5)]
    public int ModelsRegistered { get; init; }

    [Id(6)]
    public string? LastError { get; init; }

    /// <summary>
    /// Why new models are held back: set when the organization refused one for its model limit, cleared at the first
    /// poll that finds room again (<see cref="WatcherStatus.ModelLimitReached"/>).
    /// </summary>
    [Id(7)]
    public string? ModelLimitReached { get; init; }
}
