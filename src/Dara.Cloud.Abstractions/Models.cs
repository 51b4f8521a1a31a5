namespace Dara.Cloud;

/// <summary>
/// One published file of a model. <see cref="Content"/> may hold only the head of a large file (a safetensors
/// header) with <see cref="Length"/> its full size; the engine reads headers only, so that is all it needs.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.artifact-file")]
public sealed record ArtifactFile(string Path, long Length, byte[] Content);

/// <summary>The files of one upload, and a hash of their paths, lengths and content (what "the artifacts changed" means).</summary>
[GenerateSerializer, Immutable, Alias("dara.artifact-set")]
public sealed record ArtifactSet(IReadOnlyList<ArtifactFile> Files, string ContentHash)
{
    /// <summary>A set of <paramref name="files"/> with its <see cref="ContentHash"/> computed.</summary>
    public static ArtifactSet From(IReadOnlyList<ArtifactFile> files) => new(files, ComputeHash(files));

    /// <summary>SHA-256 (hex) over each file's path, declared length and uploaded bytes, in path order.</summary>
    public static string ComputeHash(IEnumerable<ArtifactFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> lengths = stackalloc byte[16];
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file.Path));
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(lengths, file.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(lengths[8..], file.Content.LongLength);
            hash.AppendData(lengths);
            hash.AppendData(file.Content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>Where a model's artifacts come from: an upload, or the Hub (with the revision last seen).</summary>
[GenerateSerializer, Immutable, Alias("dara.model-origin")]
public sealed record ModelOrigin(string Kind, string? HubId = null, string? Revision = null)
{
    public const string UploadKind = "upload";
    public const string HubKind = "hub";

    public static ModelOrigin Upload { get; } = new(UploadKind);

    public static ModelOrigin Hub(string hubId, string? revision = null) => new(HubKind, hubId, revision);
}

/// <summary>A class the classifier predicts and its probability (0–1).</summary>
[GenerateSerializer, Immutable, Alias("dara.scored-label")]
public sealed record ScoredLabelRecord(string Label, double Probability);

/// <summary>
/// What the learned classifier says a model is: the top three model types, architecture classes and tasks, most
/// probable first, and whether it abstained (too unsure, or the model unlike anything it was trained on). The same
/// numbers as the check document's <c>"prediction"</c>, typed, so the portal can chart them without parsing JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.prediction")]
public sealed record PredictionRecord(
    IReadOnlyList<ScoredLabelRecord> ModelType,
    IReadOnlyList<ScoredLabelRecord> Arch,
    IReadOnlyList<ScoredLabelRecord> Task,
    bool Abstained,
    string? AbstentionReason);

/// <summary>
/// One verdict: the engine's check document (JSON, exactly what <c>dara check --format json</c> prints) and what it
/// was computed from, so the model is analysed again only when the revision, the artifacts or the engine change.
/// </summary>
/// <param name="Prediction">
/// The classifier's prediction, or null when there was nothing to classify (or the verdict predates the classifier).
/// Last on purpose: primary-constructor members take their serialization ids in order, so a new member goes at the
/// end with a default and stored verdicts written without it still read.
/// </param>
[GenerateSerializer, Immutable, Alias("dara.verdict")]
public sealed record VerdictRecord(
    string Verdict,
    int Score,
    string SuggestedName,
    IReadOnlyList<string> FindingCodes,
    string DocumentJson,
    string EngineVersion,
    string? Revision,
    string ContentHash,
    string? ArchitectureHash,
    DateTimeOffset AnalyzedAt,
    PredictionRecord? Prediction = null);

/// <summary>One step of a finding's review, kept for the audit trail.</summary>
/// <param name="Sequence">
/// The step's number in the model's review: 1 for the first step, then one more for each (never reused, never
/// renumbered), so a page of the history before a given step is always the same page. Last, with a default, so events
/// stored without it still read (as 0; the model numbers them in order when it loads them).
/// </param>
[GenerateSerializer, Immutable, Alias("dara.review-event")]
public sealed record ReviewEvent(DateTimeOffset At, string UserId, string Action, string? Detail, long Sequence = 0);

/// <summary>
/// A page of a model's review history: the steps numbered below a given one (<see cref="IModelGrain.GetReviewHistoryAsync"/>).
/// </summary>
/// <param name="Events">The steps, oldest first (as <see cref="ReviewState.Events"/>), numbered without gaps.</param>
/// <param name="Total">How many steps the review has had (the newest step's <see cref="ReviewEvent.Sequence"/>).</param>
/// <param name="NextBefore">
/// The <c>before</c> that asks for the page of older steps (the oldest step here), or null when this page reaches the
/// first step.
/// </param>
[GenerateSerializer, Immutable, Alias("dara.review-history-page")]
public sealed record ReviewHistoryPage(IReadOnlyList<ReviewEvent> Events, long Total, long? NextBefore)
{
    /// <summary>The most steps one page holds.</summary>
    public const int MaxTake = 100;

    /// <summary>The steps a page holds unless asked for fewer or more.</summary>
    public const int DefaultTake = 50;
}

/// <summary>
/// The team's review of a model's findings: open, assigned, accepted (the suggested rename, or the findings when the name
/// already fits), dismissed (with a reason).
/// </summary>
/// <param name="Events">
/// The latest steps, oldest first. Steps are never dropped: when the first one here is not step 1, the older ones are
/// read page by page with <see cref="IModelGrain.GetReviewHistoryAsync"/>.
/// </param>
/// <param name="Revision">
/// Moves on by one with every step (the review's ETag), so a reviewer's step can be made conditional on the review
/// they saw. Last, with a default, so reviews stored without it still read (as revision 0).
/// </param>
[GenerateSerializer, Immutable, Alias("dara.review-state")]
public sealed record ReviewState(string Status, string? Assignee, string? DismissReason, IReadOnlyList<ReviewEvent> Events, long Revision = 0)
{
    public static ReviewState Open { get; } = new("open", null, null, []);
}

/// <summary>The review steps (<see cref="ReviewAction.Action"/>) and the statuses they lead to (<see cref="ReviewState.Status"/>).</summary>
public static class ReviewActions
{
    public const string Assign = "assign";
    public const string Comment = "comment";
    public const string Accept = "accept";
    public const string Dismiss = "dismiss";
    public const string Reopen = "reopen";

    public const string Open = "open";
    public const string Assigned = "assigned";
    public const string Accepted = "accepted";
    public const string Dismissed = "dismissed";

    /// <summary>The longest comment or dismiss reason a step may carry.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The longest assignee (a member's user id: an e-mail address is at most 254 characters).</summary>
    public const int MaxAssigneeLength = 254;

    /// <summary>Who takes the steps the service takes itself (reopening a review when the findings changed).</summary>
    public const string SystemUser = "dara";

    /// <summary>The statuses, in the order a review usually moves through them.</summary>
    public static IReadOnlyList<string> Statuses { get; } = [Open, Assigned, Accepted, Dismissed];
}

/// <summary>A review step asked for: assign (with <c>Assignee</c>), comment (<c>Text</c>), accept, dismiss (<c>Text</c> = reason), reopen.</summary>
[GenerateSerializer, Immutable, Alias("dara.review-action")]
public sealed record ReviewAction(string Action, string? Assignee = null, string? Text = null);

/// <summary>Everything about one model: the current verdict, its history, the review, where it came from.</summary>
/// <param name="History">Earlier verdicts, newest first, without their documents (only <see cref="Current"/> keeps its JSON).</param>
/// <param name="Duplicates">Other models of the organization with the same architecture, size and weights (owner/name).</param>
/// <param name="Analyses">How many times the artifacts were read and analysed (re-checks under a new policy not counted).</param>
/// <param name="Summary">The model as the organization's index lists it.</param>
[GenerateSerializer, Immutable, Alias("dara.model-view")]
public sealed record ModelView(
    ModelKey Key,
    ModelOrigin Origin,
    VerdictRecord? Current,
    IReadOnlyList<VerdictRecord> History,
    ReviewState Review,
    IReadOnlyList<string> Duplicates,
    int Analyses = 0,
    ModelSummary? Summary = null);

/// <summary>
/// A model (key <c>tenant/owner/name</c>): its artifacts' revision and hashes, the cached fingerprint and verdict
/// (recomputed only when the revision, the artifacts or the engine version change), the verdict history and review.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Stores uploaded artifacts and returns the verdict (analysed again only if the content changed).</summary>
    Task<ModelView> SubmitAsync(ArtifactSet artifacts);

    /// <summary>Reads the model from the Hub (<paramref name="hubId"/>, default owner/name) and returns the verdict.</summary>
    Task<ModelView> RegisterFromHubAsync(string? hubId = null, string? revision = null);

    /// <summary>The model, or null when nothing was ever submitted or registered.</summary>
    Task<ModelView?> GetAsync();

    /// <summary>Analyses again: always with <paramref name="force"/>, else only when the engine version changed.</summary>
    Task<ModelView> ReanalyzeAsync(bool force);

    /// <summary>
    /// Checks the name again under a new policy, from the cached facts (no artifact is read). Called by the organization's
    /// policy fan-out, which records the returned <see cref="ModelView.Summary"/> itself: this call does not call back.
    /// </summary>
    Task<ModelView> RecheckAsync(PolicyRecord policy);

    /// <summary>
    /// Takes a review step. With <paramref name="ifRevision"/>, only while the review is still at that
    /// <see cref="ReviewState.Revision"/> (<see cref="StaleRevisionException"/> otherwise, and nothing changes), so one
    /// reviewer's dismissal cannot silently undo another's acceptance.
    /// </summary>
    Task<ModelView> ReviewAsync(string userId, ReviewAction action, IfRevision? ifRevision = null);

    /// <summary>
    /// A page of the review's history: the <paramref name="take"/> (1–<see cref="ReviewHistoryPage.MaxTake"/>) steps
    /// numbered just below <paramref name="before"/> (at least 1), or the newest steps when it is null. Every step is
    /// kept: the model holds the latest ones and the older ones are read from its archive. Null when the model was never
    /// submitted or registered.
    /// </summary>
    Task<ReviewHistoryPage?> GetReviewHistoryAsync(long? before, int take);

    /// <summary>
    /// Asks the organization again which models share this one's architecture and weights, and updates the
    /// duplicate-upload finding when that changed. One-way: the organization calls it while a duplicate arrives or
    /// leaves, and must not wait on a model that calls it back.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task RefreshDuplicatesAsync();

    Task DeleteAsync();
}

/// <summary>What to analyse: uploaded artifacts or a Hub model, under a name and a policy.</summary>
[GenerateSerializer, Immutable, Alias("dara.analysis-request")]
public sealed record AnalysisRequest(string Name, PolicyRecord Policy, ArtifactSet? Artifacts = null, string? HubId = null, string? Revision = null);

/// <summary>The result of one analysis: the verdict, the facts it was checked against (JSON) for later re-checks.</summary>
/// <param name="ModelType">The model_type the artifacts establish, for the organization's index.</param>
/// <param name="Parameters">The parameter count the artifacts establish.</param>
/// <param name="WeightSignature">A hash of the weight files' identities (LFS hashes, else uploaded heads), to tell re-uploads apart from fine-tunes.</param>
/// <param name="SourceUnavailable">The Hub could not be reached: the verdict says so, but it is no verdict on the model and is not kept.</param>
[GenerateSerializer, Immutable, Alias("dara.analysis-outcome")]
public sealed record AnalysisOutcome(
    VerdictRecord Verdict,
    string FactsJson,
    IReadOnlyList<string> Problems,
    string? ModelType = null,
    long? Parameters = null,
    string? WeightSignature = null,
    bool SourceUnavailable = false);

/// <summary>Runs the engine (readers, fingerprint, checks, classifier) off the grains' turns. Stateless; one per core.</summary>
[NotTenantOwned("A stateless worker keyed by a number: it is given the artifacts to analyse, never a key to read them by.")]
public interface IAnalysisWorker : IGrainWithIntegerKey
{
    Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request);

    /// <summary>The commit <paramref name="revision"/> (default main) of a Hub model is at now, or null when the Hub does not say.</summary>
    Task<string?> ResolveRevisionAsync(string hubId, string? revision);

    /// <summary>Checks a name against facts already read (a policy change): no I/O.</summary>
    Task<AnalysisOutcome> RecheckAsync(string name, string factsJson, PolicyRecord policy, VerdictRecord previous);
}

/// <summary>
/// The Hub has no such model (or shows it to no one without a valid token): nothing was registered. The API answers 404
/// and the watcher skips it.
/// </summary>
[GenerateSerializer, Alias("dara.model-not-on-hub")]
public sealed class ModelNotOnHubException : Exception
{
    public ModelNotOnHubException()
    {
    }

    public ModelNotOnHubException(string message)
        : base(message)
    {
    }

    public ModelNotOnHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A model could not be analysed because its source (the Hub) could not be reached. Nothing was registered or changed:
/// the API answers 503 and the watcher tries again at its next poll.
/// </summary>
[GenerateSerializer, Alias("dara.model-source-unavailable")]
public sealed class ModelSourceUnavailableException : Exception
{
    public ModelSourceUnavailableException()
    {
    }

    public ModelSourceUnavailableException(string message)
        : base(message)
    {
    }

    public ModelSourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The organization has as many models as it may (the silo's <c>Dara:Organization:MaxModels</c>): a new model was
/// refused and nothing was registered. Models it already has are still uploaded and registered again. The API answers
/// 409; the watcher stops registering new models and says why in its status.
/// </summary>
[GenerateSerializer, Alias("dara.model-limit-reached")]
public sealed class ModelLimitReachedException : Exception
{
    public ModelLimitReachedException()
    {
    }

    public ModelLimitReachedException(string message)
        : base(message)
    {
    }

    public ModelLimitReachedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
