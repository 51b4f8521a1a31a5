namespace Dara.Cloud.Grains.Organizations;

/// <summary>An organization's state, replaced as a whole on every change.</summary>
[GenerateSerializer, Immutable, Alias("dara.organization-state")]
internal sealed record OrganizationState
{
    /// <summary>Null until the organization is created.</summary>
    [Id(0)]
    public OrganizationInfo? Info { get; init; }

    [Id(1)]
    public IReadOnlyList<Member> Members { get; init; } = [];

    [Id(2)]
    public PolicyRecord Policy { get; init; } = PolicyRecord.Default;

    [Id(3)]
    public IReadOnlyList<string> WatchedAuthors { get; init; } = [];

    [Id(4)]
    public IReadOnlyList<ApiKeyRecord> ApiKeys { get; init; } = [];

    /// <summary>SHA-256 of the webhook secret, or null when none was created.</summary>
    [Id(5)]
    public byte[]? WebhookSecretHash { get; init; }

    /// <summary>The model index as last written (the live one is <see cref="ModelIndex"/>).</summary>
    [Id(6)]
    public IReadOnlyList<ModelSummary> Models { get; init; } = [];

    [Id(7)]
    public IReadOnlyList<TrendDay> Trend { get; init; } = [];

    /// <summary>The policy's revision (its ETag): one more with every accepted change; 0 for state stored before it was kept.</summary>
    [Id(8)]
    public long PolicyRevision { get; init; }

    /// <summary>When the webhook secret was made; null without one, or for one made before this was kept.</summary>
    [Id(9)]
    public DateTimeOffset? WebhookSecretCreatedAt { get; init; }

    /// <summary>Who made the webhook secret; null without one, or for one made before this was kept.</summary>
    [Id(10)]
    public string? WebhookSecretCreatedBy { get; init; }

    /// <summary>Findings reviewers dismissed, one entry per model and finding, oldest first (what dismissals teach).</summary>
    [Id(11)]
    public IReadOnlyList<DismissalRecord> Dismissals { get; init; } = [];
}

/// <summary>A finding dismissed on one model: why, by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("dara.dismissal-record")]
internal sealed record DismissalRecord(string RepoId, AcceptedFindingRecord Finding, string Reason, string By, DateTimeOffset At);

/// <summary>An API key as stored: what is listed, and the SHA-256 of its secret.</summary>
[GenerateSerializer, Immutable, Alias("dara.api-key-record")]
internal sealed record ApiKeyRecord(ApiKeyInfo Info, byte[] SecretHash);

/// <summary>One day of verdicts: how many, their score total and how many were misnamed.</summary>
[GenerateSerializer, Immutable, Alias("dara.trend-day")]
internal sealed record TrendDay(DateOnly Day, int Analyzed, long ScoreSum, int Misnamed);
