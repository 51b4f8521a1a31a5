namespace Dara.Cloud.Grains.Hosting;

/// <summary>How organizations work through their models. Bound from <c>Dara:Organization</c>.</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Dara:Organization";

    /// <summary>Models re-checked at once after a policy change.</summary>
    public int RecheckConcurrency { get; set; } = 16;

    /// <summary>
    /// Models analysed at once by a re-analysis job. Lower than <see cref="RecheckConcurrency"/>: each one reads
    /// artifacts (from the Hub, for registered models) and runs the engine, where a re-check only runs the name checks.
    /// </summary>
    public int ReanalysisConcurrency { get; set; } = 8;

    /// <summary>How often a running re-analysis job writes its progress, so that a restart loses at most this much of it.</summary>
    public TimeSpan ReanalysisCheckpoint { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long index changes may wait before they are written. Models are the source of truth for their own verdicts,
    /// so batching the index write loses nothing a model cannot report again, and keeps 10,000 models from meaning
    /// 10,000 writes of the whole index.
    /// </summary>
    public TimeSpan IndexWriteDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxApiKeys { get; set; } = 100;

    /// <summary>Members of one organization; every member is read and written with it on each change.</summary>
    public int MaxMembers { get; set; } = 1000;

    public int MaxWatchedAuthors { get; set; } = 100;

    /// <summary>
    /// Models of one organization. Each is a grain with its own stored state, and the organization keeps an index entry
    /// for every one in memory and in its state: without a bound, one organization (a watched author with 100,000
    /// uploads, a flood of webhook deliveries) could fill the shared silo and its storage. Far above what a team
    /// publishes; raise it for a deployment that serves larger ones.
    /// </summary>
    public int MaxModels { get; set; } = 50_000;
}

/// <summary>How the registry watcher polls the Hub. Bound from <c>Dara:Watcher</c>.</summary>
public sealed class RegistryWatcherOptions
{
    public const string Section = "Dara:Watcher";

    /// <summary>Between two polls of an organization's authors (a reminder; Orleans' default minimum is one minute).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>From watching authors to the first poll.</summary>
    public TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Models per listing page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Models registered at once during a poll.</summary>
    public int RegisterConcurrency { get; set; } = 8;

    /// <summary>
    /// Models registered by one poll at most, so a poll stays well within a call's timeout; the rest are registered by
    /// the polls that follow (an unfinished poll keeps no ETag, so the next one reads the listing again).
    /// </summary>
    public int MaxRegistrationsPerPoll { get; set; } = 500;
}

/// <summary>Which Hugging Face Hub the silo reads and how. Bound from <c>Dara:Hub</c>.</summary>
public sealed class DaraHubOptions
{
    public const string Section = "Dara:Hub";

    public Uri Endpoint { get; set; } = new("https://huggingface.co");

    /// <summary>A read token for private and gated models of the watched authors.</summary>
    public string? Token { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection to the Hub may take; a Hub that does not answer in time is not retried.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxRetries { get; set; } = 5;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest wait before a retry that a <c>Retry-After</c> or a spent rate-limit quota may ask for: a longer one is
    /// cut to this, so a poll holds its grain at most about <see cref="MaxRetries"/> times this long before it fails and
    /// the next poll tries again.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    public Dara.Cloud.Analysis.Artifacts.Hub.HubClientOptions ToClientOptions() => new()
    {
        Endpoint = Endpoint,
        Token = string.IsNullOrWhiteSpace(Token) ? null : Token,
        Timeout = Timeout,
        ConnectTimeout = ConnectTimeout,
        MaxRetries = MaxRetries,
        BaseDelay = BaseDelay,
        MaxDelay = MaxDelay < BaseDelay ? BaseDelay : MaxDelay,
        MaxRetryAfter = MaxRetryAfter,
    };
}
