using Dara.Cloud.Portal.Api.Json;
using Microsoft.AspNetCore.Mvc;

namespace Dara.Cloud.Portal.Api.Models;

/// <summary>Register a model from the Hugging Face Hub: <c>{"hf": "owner/model"}</c>, optionally under another name.</summary>
public sealed record HubRegistrationRequest(string? Hf, string? Name = null, string? Revision = null);

/// <summary>A model: the current verdict (the engine's check document, as stored), its history and its review.</summary>
/// <param name="Verdict">What <c>dara check --format json</c> prints for the model (snake_case keys).</param>
public sealed record ModelResponse(
    string Owner,
    string Name,
    ModelOrigin Origin,
    RawJson? Verdict,
    IReadOnlyList<VerdictSummary> History,
    ReviewState Review,
    IReadOnlyList<string> Duplicates)
{
    public static ModelResponse From(ModelView view) => new(
        view.Key.Owner,
        view.Key.Name,
        view.Origin,
        view.Current is { } current ? new RawJson(current.DocumentJson) : null,
        view.History.Select(VerdictSummary.From).ToArray(),
        view.Review,
        view.Duplicates);
}

/// <summary>One verdict of a model's history, without its document.</summary>
public sealed record VerdictSummary(
    string Verdict,
    int Score,
    string SuggestedName,
    IReadOnlyList<string> FindingCodes,
    string EngineVersion,
    string? Revision,
    string ContentHash,
    DateTimeOffset AnalyzedAt)
{
    public static VerdictSummary From(VerdictRecord record) => new(
        record.Verdict, record.Score, record.SuggestedName, record.FindingCodes, record.EngineVersion, record.Revision, record.ContentHash, record.AnalyzedAt);
}

/// <summary>
/// The query of <c>GET /api/orgs/{org}/models</c>. The numbers are read as text and checked by
/// <see cref="ModelQueries.Parse"/>, so a value that is no number is a 400 naming the field (bound as numbers, the
/// framework refused them in its own words: "Failed to bind parameter Nullable&lt;int&gt; MinScore").
/// </summary>
/// <param name="Verdict">ok, suspicious, misnamed or unreadable; flagged for misnamed or suspicious.</param>
/// <param name="Finding">A finding code the models must have (architecture-mismatch, size-mismatch…).</param>
/// <param name="Q">Text in owner/name or the suggested name.</param>
/// <param name="Author">The owner part of the model id.</param>
/// <param name="Sort">score, -score, name, -name, analyzed, -analyzed (default).</param>
/// <param name="PageSize">1-200 (default 25).</param>
/// <param name="Review">The review's status: open, assigned, accepted or dismissed.</param>
/// <param name="Assignee">The user id the review is assigned to (case ignored).</param>
public sealed record ModelListQuery(
    [FromQuery(Name = "verdict")] string? Verdict = null,
    [FromQuery(Name = "finding")] string? Finding = null,
    [FromQuery(Name = "q")] string? Q = null,
    [FromQuery(Name = "author")] string? Author = null,
    [FromQuery(Name = "minScore")] string? MinScore = null,
    [FromQuery(Name = "maxScore")] string? MaxScore = null,
    [FromQuery(Name = "sort")] string? Sort = null,
    [FromQuery(Name = "page")] string? Page = null,
    [FromQuery(Name = "pageSize")] string? PageSize = null,
    [FromQuery(Name = "review")] string? Review = null,
    [FromQuery(Name = "assignee")] string? Assignee = null);

/// <summary>A review step: assign (assignee), comment (text), accept, dismiss (text: the reason), reopen.</summary>
public sealed record ReviewRequest(string? Action, string? Assignee = null, string? Text = null);

/// <summary>
/// The query of <c>GET /api/orgs/{org}/models/{owner}/{name}/review/history</c>. Read as text and checked by
/// <see cref="Reviews.ParseHistory"/>, so a value that is no number is a 400 that says what to send.
/// </summary>
/// <param name="Before">A step number (1 or more): the page holds the steps numbered below it. Absent: the newest steps.</param>
/// <param name="Take">How many steps: 1-100 (default 50).</param>
public sealed record ReviewHistoryQuery(
    [FromQuery(Name = "before")] string? Before = null,
    [FromQuery(Name = "take")] string? Take = null);

/// <summary>
/// A job re-analysing an organization's models: <c>running</c>, <c>finished</c>, <c>failed</c> (the job itself: its
/// models could not be listed, or the server stopped under it; <c>error</c> says which) or <c>cancelled</c> (by
/// <c>cancelledBy</c>, at <c>finishedAt</c>), with its counts so far.
/// </summary>
/// <param name="Models">How many models the job found to analyse (0 until it has listed them).</param>
/// <param name="Done">Models visited so far, whatever the outcome.</param>
/// <param name="Changed">Models whose verdict or score changed.</param>
/// <param name="Unavailable">Models the Hub could not serve: they kept their verdicts.</param>
/// <param name="Failed">Models that could not be analysed for another reason; the job went on without them.</param>
public sealed record ReanalysisJobResponse(
    long Id,
    string Status,
    bool Force,
    string StartedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int Models,
    int Done,
    int Changed,
    int Unavailable,
    int Failed,
    string? Error,
    string? CancelledBy)
{
    public static ReanalysisJobResponse From(ReanalysisJob job) => new(
        job.Id, job.Status, job.Force, job.StartedBy, job.StartedAt, job.FinishedAt, job.Models, job.Done, job.Changed, job.Unavailable, job.Failed, job.Error,
        job.CancelledBy);
}
