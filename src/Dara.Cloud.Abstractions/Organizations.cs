using Orleans.Concurrency;

namespace Dara.Cloud;

/// <summary>What a member may do in an organization: viewers read, reviewers review, owners administer.</summary>
[GenerateSerializer, Alias("dara.org-role")]
public enum OrgRole
{
    Viewer = 0,
    Reviewer = 1,
    Owner = 2,
}

[GenerateSerializer, Immutable, Alias("dara.organization-info")]
public sealed record OrganizationInfo(TenantId Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// A member: the user id is a lower-cased e-mail address (which the first Entra account to prove it claims, with every
/// membership under it) or an Entra account id (<see cref="EntraAccount.UserId"/>) for a user whose sign-in proves no address.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.member")]
public sealed record Member(string UserId, OrgRole Role, DateTimeOffset AddedAt);

/// <summary>
/// An API key as listed: never its secret. A revoked key stays listed, marked with when and by whom it was revoked
/// (both null for keys revoked before that was recorded), so an owner can tell what stopped working and why.
/// </summary>
/// <param name="CreatedBy">
/// The member whose rights the key borrows: the user who created it, or for a key created with another key, that key's
/// creator. The key never acts above that member's current role, and stops working when they leave. Null for keys
/// created before creators were recorded ("creator unknown").
/// </param>
/// <param name="CreatedWithKey">The id of the key that created this one, or null when a person created it.</param>
[GenerateSerializer, Immutable, Alias("dara.api-key-info")]
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    OrgRole Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    bool Revoked,
    DateTimeOffset? RevokedAt = null,
    string? RevokedBy = null,
    string? CreatedBy = null,
    string? CreatedWithKey = null)
{
    /// <summary>True for a key created before creators were recorded: it cannot be tied to anyone's role.</summary>
    public bool CreatorUnknown => CreatedBy is null;
}

/// <summary>Who asks for a new API key: a signed-in member (<see cref="UserId"/>) or an API key (<see cref="KeyId"/>).</summary>
[GenerateSerializer, Immutable, Alias("dara.api-key-creator")]
public sealed record ApiKeyCreator(string? UserId, string? KeyId)
{
    public static ApiKeyCreator User(string userId) => new(userId, null);

    public static ApiKeyCreator Key(string keyId) => new(null, keyId);
}

/// <summary>
/// What a presented key may do now: its id, its effective role (the lesser of its own role and its creator's current
/// role) and the member it acts for (null for a key of unknown creator).
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.api-key-grant")]
public sealed record ApiKeyGrant(string KeyId, OrgRole Role, string? CreatedBy);

/// <summary>A caller asked for more than its role allows (a key above its own effective role, say).</summary>
[GenerateSerializer, Alias("dara.role-too-low")]
public sealed class RoleTooLowException : UnauthorizedAccessException
{
    public RoleTooLowException()
    {
    }

    public RoleTooLowException(string message)
        : base(message)
    {
    }

    public RoleTooLowException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A key just created: the only time its secret is shown.</summary>
[GenerateSerializer, Immutable, Alias("dara.created-api-key")]
public sealed record CreatedApiKey(ApiKeyInfo Info, string Secret);

/// <summary>
/// Whether an organization has a Hub webhook secret, and when and by whom it was made: never the secret, which is shown
/// once, when it is made. <see cref="CreatedAt"/> and <see cref="CreatedBy"/> are null without a secret, and for a secret
/// made before they were recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.webhook-secret-status")]
public sealed record WebhookSecretStatus(bool IsSet, DateTimeOffset? CreatedAt = null, string? CreatedBy = null)
{
    public static WebhookSecretStatus None { get; } = new(false);
}

/// <summary>A webhook secret just made: the only time it is shown.</summary>
[GenerateSerializer, Immutable, Alias("dara.created-webhook-secret")]
public sealed record CreatedWebhookSecret(string Secret, WebhookSecretStatus Status);

/// <summary>
/// An organization's naming policy (mirrors the engine's NamingPolicy; enums as their names so this contract stays
/// free of the engine). Order holds element codes ("A", "T"); Severity is info, warning or error.
/// </summary>
/// <param name="AcceptedFindings">
/// Findings the organization accepts (a code and the name's text it is about), most often taught by dismissals: such a
/// finding no longer counts. Last, with a default, so policies stored without it still read (as none).
/// </param>
[GenerateSerializer, Immutable, Alias("dara.policy")]
public sealed record PolicyRecord(
    bool RequireArchitecture,
    bool RequireTaskForFineTuned,
    bool RequireSize,
    IReadOnlyList<string> Order,
    string? Separator,
    bool Lowercase,
    int MaxLength,
    IReadOnlyList<string> ForbiddenWords,
    string Severity,
    IReadOnlyList<AcceptedFindingRecord>? AcceptedFindings = null)
{
    /// <summary>The engine's default: implementation then task, '-' between words, departures as info.</summary>
    public static PolicyRecord Default { get; } = new(true, true, false, ["A", "T"], "-", false, 96, [], "info");
}

/// <summary>A finding an organization accepts: its code and the name's text it is about (null for the name as a whole).</summary>
[GenerateSerializer, Immutable, Alias("dara.accepted-finding")]
public sealed record AcceptedFindingRecord(string Code, string? Claimed)
{
    /// <summary>What makes two accepted findings one: the code, and the claimed text with its case ignored.</summary>
    public (string Code, string? Claimed) Key => (Code, Claimed?.ToLowerInvariant());

    /// <summary>This finding as it is stored: its text trimmed, and a blank text read as the name as a whole (null).</summary>
    public AcceptedFindingRecord Trimmed() => this with { Claimed = string.IsNullOrWhiteSpace(Claimed) ? null : Claimed.Trim() };
}

/// <summary>
/// What the organization's dismissals teach: a finding (code and claimed text) reviewers dismissed on
/// <see cref="Models"/>, with the latest reason, for owners to accept into the policy.
/// </summary>
[GenerateSerializer, Immutable, Alias("dara.dismissal-lesson")]
public sealed record DismissalLesson(
    AcceptedFindingRecord Finding,
    IReadOnlyList<string> Models,
    string LastReason,
    string LastBy,
    DateTimeOffset LastAt);

/// <summary>One model in an organization's index: what lists, filters and dashboards need without opening it.</summary>
/// <param name="Assignee">
/// Who the review is assigned to (kept after it is accepted or dismissed, as the review keeps it). Last, with a default,
/// so summaries stored without it still read (as no one).
/// </param>
[GenerateSerializer, Immutable, Alias("dara.model-summary")]
public sealed record ModelSummary(
    string Owner,
    string Name,
    string Verdict,
    int Score,
    IReadOnlyList<string> FindingCodes,
    string SuggestedName,
    string? ModelType,
    long? Parameters,
    DateTimeOffset AnalyzedAt,
    string Origin,
    string ReviewStatus,
    string? ArchitectureHash,
    string? WeightSignature = null,
    string? Assignee = null)
{
    public string RepoId => $"{Owner}/{Name}";
}

/// <summary>A page request over an organization's models.</summary>
/// <param name="Verdict">ok, suspicious, misnamed or unreadable; <see cref="Flagged"/> for misnamed or suspicious.</param>
/// <param name="Finding">A finding code the model must have.</param>
/// <param name="Text">Case-insensitive text in owner/name or suggested name.</param>
/// <param name="Author">The owner part of the model id.</param>
/// <param name="Sort">score, -score, name, -name, analyzed, -analyzed (default -analyzed).</param>
/// <param name="ReviewStatus">
/// open, assigned, accepted or dismissed (<see cref="ReviewActions"/>). Last, with a default: members take their
/// serialization ids in order, so a silo and a portal of the previous version still understand each other's queries.
/// </param>
/// <param name="Assignee">
/// The user id the review is assigned to (case ignored). Last, with a default, for the same reason as ReviewStatus.
/// </param>
[GenerateSerializer, Immutable, Alias("dara.model-query")]
public sealed record ModelQuery(
    string? Verdict = null,
    string? Finding = null,
    string? Text = null,
    string? Author = null,
    int? MinScore = null,
    int? MaxScore = null,
    string Sort = "-analyzed",
    int Page = 1,
    int PageSize = 25,
    string? ReviewStatus = null,
    string? Assignee = null)
{
    /// <summary>
    /// The <see cref="Verdict"/> that lists every model with something wrong in its name: misnamed or suspicious. What a
    /// team's review is about; an ok model's review stays open without anything to decide.
    /// </summary>
    public const string Flagged = "flagged";

    /// <summary>Whether a model's verdict is what <see cref="Verdict"/> asks for.</summary>
    public bool VerdictMatches(string verdict) =>
        Verdict is null || verdict == Verdict || (Verdict == Flagged && verdict is "misnamed" or "suspicious");
}

[GenerateSerializer, Immutable, Alias("dara.model-page")]
public sealed record ModelPage(IReadOnlyList<ModelSummary> Items, int Total, int Page, int PageSize);

/// <summary>One day of the naming-quality trend.</summary>
[GenerateSerializer, Immutable, Alias("dara.daily-point")]
public sealed record DailyPoint(DateOnly Day, int Analyzed, double AverageScore, int Misnamed);

/// <summary>Aggregate naming quality of an organization.</summary>
/// <param name="ScoreHistogram">Ten buckets: 0–9, 10–19, … 90–100.</param>
/// <param name="ByReview">
/// Models by review status (open, assigned, accepted, dismissed; a status no model has is left out). Last, with a
/// default: a silo of the previous version answers without it (null).
/// </param>
[GenerateSerializer, Immutable, Alias("dara.org-stats")]
public sealed record OrgStats(
    int Models,
    double AverageScore,
    IReadOnlyDictionary<string, int> ByVerdict,
    IReadOnlyDictionary<string, int> ByFinding,
    IReadOnlyList<int> ScoreHistogram,
    IReadOnlyList<DailyPoint> Trend,
    IReadOnlyList<ModelSummary> Worst,
    IReadOnlyList<ModelSummary> Recent,
    IReadOnlyDictionary<string, int>? ByReview = null);

/// <summary>Told when a model of the organization changes (portal pages update live through this).</summary>
public interface IOrganizationObserver : IGrainObserver
{
    [Orleans.Concurrency.OneWay]
    Task OnModelChangedAsync(ModelSummary summary);

    /// <summary>
    /// A model's verdict became worse than it was (or a new model came in suspicious or misnamed): the portal shows it
    /// as an alert on the organization's open pages. Sent before <see cref="OnModelChangedAsync"/> for the same change.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task OnModelFlaggedAsync(ModelAlert alert);
}

/// <summary>
/// An organization (tenant): members and roles, naming policy, watched Hub authors, API keys, the index of its models
/// with their summaries, and the aggregates dashboards show. Key: the tenant id.
/// </summary>
public interface IOrganizationGrain : IGrainWithStringKey
{
    /// <summary>Creates the organization with its first owner; fails if it exists.</summary>
    Task<OrganizationInfo> CreateAsync(string name, string ownerUserId);

    /// <summary>The organization, or null if it was never created.</summary>
    Task<OrganizationInfo?> GetInfoAsync();

    /// <summary>The user's role, or null when the user is no member.</summary>
    Task<OrgRole?> GetRoleAsync(string userId);

    Task<IReadOnlyList<Member>> GetMembersAsync();

    /// <summary>Adds a member or changes a role; the last owner cannot be demoted, and a full organization takes no one new.</summary>
    Task<IReadOnlyList<Member>> SetMemberAsync(string userId, OrgRole role);

    /// <summary>Removes a member; the last owner cannot be removed.</summary>
    Task<IReadOnlyList<Member>> RemoveMemberAsync(string userId);

    /// <summary>The policy (interleaves: models ask for it while the organization waits on them).</summary>
    [AlwaysInterleave]
    Task<PolicyRecord> GetPolicyAsync();

    /// <summary>The policy with its revision, for a caller that may change it (<see cref="SetPolicyAsync"/>'s condition).</summary>
    [AlwaysInterleave]
    Task<VersionedPolicy> GetVersionedPolicyAsync();

    /// <summary>
    /// Replaces the policy and has every model's name checked again from its cached facts; returns the policy's new
    /// revision. With <paramref name="ifRevision"/>, only while the policy is still at that revision
    /// (<see cref="StaleRevisionException"/> otherwise, and nothing changes). Returns once the policy is saved; the
    /// re-check goes on after it (a few models at a time), and observers hear of each model that changes.
    /// </summary>
    Task<long> SetPolicyAsync(PolicyRecord policy, IfRevision? ifRevision = null);

    /// <summary>The watched Hub authors (interleaves: the watcher asks while the organization may be starting it).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetWatchedAuthorsAsync();

    /// <summary>
    /// A review of <paramref name="repoId"/> dismissed these findings (its warnings and errors) for
    /// <paramref name="reason"/>; an empty list forgets what that model taught (its review was reopened or accepted).
    /// One-way: the model that calls it may be one this organization is waiting on.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task LearnFromReviewAsync(string repoId, IReadOnlyList<AcceptedFindingRecord> dismissed, string reason, string userId);

    /// <summary>What dismissals teach that the policy does not accept yet, most dismissed first.</summary>
    Task<IReadOnlyList<DismissalLesson>> GetDismissalLessonsAsync();

    /// <summary>Replaces the Hub authors whose new and updated models are registered automatically.</summary>
    Task SetWatchedAuthorsAsync(IReadOnlyList<string> authors);

    /// <summary>
    /// Creates an API key; the secret is returned once and stored only as a hash. The key records the member it acts
    /// for (<paramref name="createdBy"/>'s user, or the creator behind <paramref name="createdBy"/>'s key), and may not
    /// have a higher role than its creator's effective role (<see cref="RoleTooLowException"/>). A key whose creator is
    /// unknown creates no keys.
    /// </summary>
    Task<CreatedApiKey> CreateApiKeyAsync(string name, OrgRole role, ApiKeyCreator createdBy);

    Task<IReadOnlyList<ApiKeyInfo>> GetApiKeysAsync();

    /// <summary>
    /// Revokes a key at once, recording when and by whom (<paramref name="revokedBy"/>: the user id, or the API key, that
    /// asked), with every key created with it (transitively); revoking it again changes nothing. Only the latest revoked
    /// keys stay listed.
    /// </summary>
    Task RevokeApiKeyAsync(string keyId, string revokedBy);

    /// <summary>
    /// What a key may do now, or null when the key is unknown, revoked, of another organization, or its creator is no
    /// longer a member. Its role is the lesser of the key's own and its creator's current role.
    /// </summary>
    [AlwaysInterleave]
    Task<ApiKeyGrant?> AuthenticateApiKeyAsync(string secret);

    /// <summary>
    /// Creates a new secret for the Hub webhook (sent back by the Hub in <c>X-Webhook-Secret</c>), made by
    /// <paramref name="createdBy"/>. It replaces any earlier one, which stops working at once. Returned once and stored
    /// only as a hash.
    /// </summary>
    Task<CreatedWebhookSecret> CreateWebhookSecretAsync(string createdBy);

    /// <summary>Whether the organization has a webhook secret, and when and by whom it was made (never the secret).</summary>
    Task<WebhookSecretStatus> GetWebhookSecretAsync();

    /// <summary>Removes the webhook secret, so that every delivery is refused until a new one is made; false when there was none.</summary>
    Task<bool> RemoveWebhookSecretAsync();

    /// <summary>Whether <paramref name="presented"/> is the webhook secret (constant-time); false when none was created.</summary>
    [AlwaysInterleave]
    Task<bool> VerifyWebhookSecretAsync(string presented);

    /// <summary>
    /// Called by a model of this organization when its verdict or review changes. Interleaves (it only updates the
    /// in-memory index, written to storage shortly after) so a model can report while the organization waits on it.
    /// </summary>
    [AlwaysInterleave]
    Task RecordModelAsync(ModelSummary summary);

    /// <summary>
    /// Called by a model of this organization when it is deleted, or when its first registration failed (so the id it
    /// claimed no longer counts against the model limit). Interleaves, like <see cref="RecordModelAsync"/>.
    /// </summary>
    [AlwaysInterleave]
    Task ForgetModelAsync(string owner, string name);

    /// <summary>
    /// The id the organization keeps model <paramref name="repoId"/> under, or null when it has no such model. Hub repo
    /// ids ignore case, so <c>acme/BERT-base</c> and <c>acme/bert-base</c> are one model, kept under the spelling it was
    /// first registered with.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> FindModelIdAsync(string repoId);

    /// <summary>
    /// Like <see cref="FindModelIdAsync"/>, for a model about to be uploaded or registered: an id the organization does
    /// not know yet is claimed with <paramref name="repoId"/>'s spelling, so two registrations spelled differently at the
    /// same time still make one model. Every upload and registration claims its id here first, so this is where the
    /// model limit holds: a new id is refused with <see cref="ModelLimitReachedException"/> when the models the
    /// organization has and those being registered reach the limit; a model it has is never refused.
    /// </summary>
    [AlwaysInterleave]
    Task<string> ClaimModelIdAsync(string repoId);

    /// <summary>How many more models the organization takes before its model limit (0 when it is full).</summary>
    [AlwaysInterleave]
    Task<int> GetRoomForModelsAsync();

    Task<ModelPage> ListModelsAsync(ModelQuery query);

    Task<OrgStats> GetStatsAsync();

    /// <summary>
    /// Other models of the organization with the same architecture hash (duplicate detection); with
    /// <paramref name="parameters"/> only those of that size, with <paramref name="weightSignature"/> only those with
    /// the same weights (a model whose weights are not known is none of them).
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> FindSameArchitectureAsync(string architectureHash, string exceptRepoId, long? parameters = null, string? weightSignature = null);

    /// <summary>
    /// Tells <paramref name="observer"/> of every model change. A subscription lapses after five minutes: subscribe
    /// again before then (a portal page does so on a timer) to keep it.
    /// </summary>
    Task SubscribeAsync(IOrganizationObserver observer);

    Task UnsubscribeAsync(IOrganizationObserver observer);
}
