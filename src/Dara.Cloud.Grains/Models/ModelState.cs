namespace Dara.Cloud.Grains.Models;

/// <summary>
/// A model grain's state: small on purpose (the uploaded bytes live in <see cref="IArtifactStoreGrain"/>, history
/// entries keep no document, older review steps move to <see cref="IReviewArchiveGrain"/>), so that thousands of active
/// models fit in a silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.model-state")]
internal sealed record ModelState
{
    /// <summary>Null until the model is first submitted or registered.</summary>
    [Id(0)]
    public ModelOrigin? Origin { get; init; }

    [Id(1)]
    public VerdictRecord? Current { get; init; }

    /// <summary>Earlier verdicts, newest first, without documents; at most <see cref="ModelGrain.HistoryLimit"/>.</summary>
    [Id(2)]
    public IReadOnlyList<VerdictRecord> History { get; init; } = [];

    [Id(3)]
    public ReviewState Review { get; init; } = ReviewState.Open;

    /// <summary>The engine's facts (JSON) the current verdict was checked against: a policy change needs no artifact read.</summary>
    [Id(4)]
    public string? FactsJson { get; init; }

    [Id(5)]
    public string? ModelType { get; init; }

    [Id(6)]
    public long? Parameters { get; init; }

    [Id(7)]
    public string? WeightSignature { get; init; }

    [Id(8)]
    public IReadOnlyList<string> Duplicates { get; init; } = [];

    [Id(9)]
    public int Analyses { get; init; }

    /// <summary>
    /// The last review step moved to the archive (0: none): steps up to it are read from the archive's pages, the rest
    /// from <see cref="Review"/>. A page holding later steps is left over from a move a silo did not finish, and unread.
    /// </summary>
    [Id(10)]
    public long ReviewArchivedThrough { get; init; }
}

/// <summary>Uploaded artifacts, kept apart from the model's state and loaded only to analyse them again.</summary>
[GenerateSerializer, Immutable, Alias("dara.artifact-store-state")]
internal sealed record ArtifactStoreState
{
    [Id(0)]
    public ArtifactSet? Artifacts { get; init; }
}

/// <summary>One page of a model's archived review steps, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("dara.review-archive-state")]
internal sealed record ReviewArchiveState
{
    [Id(0)]
    public IReadOnlyList<ReviewEvent> Steps { get; init; } = [];
}
