using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Grains.Alerts;
using Dara.Cloud.Grains.Analysis;
using Dara.Cloud.Grains.Hosting;
using Dara.Cloud.Registry.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Dara.Cloud.Grains.Organizations;

/// <summary>
/// An organization (key: tenant id). Members, policy, watched authors, API keys and the webhook secret are written at
/// once; the model index lives in memory (<see cref="ModelIndex"/>) and is written at most every
/// <see cref="OrganizationOptions.IndexWriteDelay"/>, because models report to it at analysis speed.
/// Methods that models call interleave (they touch only memory), so a model can report while the organization is
/// waiting on models, as during a policy re-check.
/// </summary>
internal sealed partial class OrganizationGrain(
    [PersistentState(OrganizationGrain.StateName, DaraStorage.Grains)] IPersistentState<OrganizationState> state,
    IOptions<OrganizationOptions> options,
    IOptions<RegistryWatcherOptions> watcherOptions,
    TimeProvider time,
    ILogger<OrganizationGrain> logger)
    : Grain, IOrganizationGrain
{
    public const string StateName = "organization";

    private readonly ObserverManager<IOrganizationObserver> _observers = new(TimeSpan.FromMinutes(5), logger);
    private ModelIndex _index = null!;
    private TrendBook _trend = null!;
    private bool _indexDirty;
    private bool _writing;
    private CancellationTokenSource? _recheck;

    // Ids claimed by uploads and registrations whose models have not reported yet (then the index holds them).
    private readonly Dictionary<string, string> _claimedModelIds = new(StringComparer.OrdinalIgnoreCase);

    private const int MaxDuplicatesRefreshed = 16;

    // A registration that fails in its model gives its claim back (ForgetModelAsync); one that never reached its model
    // leaves it behind. Dropping them all at this many costs only the guard against two differently spelled
    // registrations racing, and for as long as those registrations take, the model limit's exactness; never a model.
    private const int MaxClaimedModelIds = 1000;

    private string Tenant => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = new ModelIndex(state.State.Models);
        _trend = new TrendBook(state.State.Trend);
        var delay = options.Value.IndexWriteDelay;
        this.RegisterGrainTimer(WriteIndexIfChangedAsync, new GrainTimerCreationOptions(delay, delay) { Interleave = false, KeepAlive = false });

        // Reminders kept in memory (a silo whose state is not in SQLite) are gone after a restart: an organization with
        // watched authors makes sure its watcher runs whenever it is activated. Starting a running watcher changes nothing.
        // Not awaited: a watcher woken by its reminder asks this organization for its authors, and that question could
        // not be answered while this activation waited for the watcher (each would wait for the other until timeout).
        if (state.State.WatchedAuthors.Count > 0)
        {
            _ = EnsureWatcherRunsAsync();
        }

        return Task.CompletedTask;
    }

    private async Task EnsureWatcherRunsAsync()
    {
        try
        {
            using var tenant = TenantContext.Enter(new TenantId(Tenant));
            await GrainFactory.GetGrain<IRegistryWatcherGrain>(Tenant).StartAsync(watcherOptions.Value.Interval);
        }
        catch (Exception e)
        {
            LogWatcherNotStarted(logger, e, Tenant);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _recheck?.Cancel();
        await WriteIndexIfChangedAsync();
    }

    async Task<OrganizationInfo> IOrganizationGrain.CreateAsync(string name, string ownerUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerUserId);
        if (state.State.Info is not null)
        {
            throw new InvalidOperationException($"Organization {Tenant} already exists.");
        }

        var now = time.GetUtcNow();
        var info = new OrganizationInfo(new TenantId(Tenant), name.Trim(), now);
        await SaveAsync(state.State with { Info = info, Members = [new Member(ownerUserId.Trim(), OrgRole.Owner, now)] });
        return info;
    }

    Task<OrganizationInfo?> IOrganizationGrain.GetInfoAsync() => Task.FromResult(state.State.Info);

    Task<OrgRole?> IOrganizationGrain.GetRoleAsync(string userId) =>
        Task.FromResult(FindMember(userId)?.Role);

    Task<IReadOnlyList<Member>> IOrganizationGrain.GetMembersAsync() => Task.FromResult(state.State.Members);

    async Task<IReadOnlyList<Member>> IOrganizationGrain.SetMemberAsync(string userId, OrgRole role)
    {
        RequireCreated();
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentException($"{role} is not a role.", nameof(role));
        }

        var existing = FindMember(userId);
        if (existing is { Role: OrgRole.Owner } && role != OrgRole.Owner && IsLastOwner(existing))
        {
            throw new InvalidOperationException($"{existing.UserId} is the last owner of {Tenant}: make another member owner first.");
        }

        if (existing is null && state.State.Members.Count >= options.Value.MaxMembers)
        {
            throw new InvalidOperationException($"{Tenant} has {options.Value.MaxMembers} members, as many as an organization may: remove one first.");
        }

        var members = existing is null
            ? [.. state.State.Members, new Member(userId.Trim(), role, time.GetUtcNow())]
            : state.State.Members.Select(m => ReferenceEquals(m, existing) ? m with { Role = role } : m).ToArray();
        await SaveAsync(state.State with { Members = members });
        return state.State.Members;
    }

    async Task<IReadOnlyList<Member>> IOrganizationGrain.RemoveMemberAsync(string userId)
    {
        RequireCreated();
        if (FindMember(userId) is not { } existing)
        {
            return state.State.Members;
        }

        if (existing.Role == OrgRole.Owner && IsLastOwner(existing))
        {
            throw new InvalidOperationException($"{existing.UserId} is the last owner of {Tenant} and cannot be removed.");
        }

        await SaveAsync(state.State with { Members = state.State.Members.Where(m => !ReferenceEquals(m, existing)).ToArray() });

        // Their alert e-mails end with their membership. Not awaited: the alert grain may be asking this grain, at this
        // moment, who is still a member, and each waiting on the other would deadlock. It reads membership before each
        // e-mail anyway, so a lost call costs nothing but a stale line in the subscribers' list.
        GrainFactory.GetGrain<IAlertGrain>(Tenant).UnsubscribeByEmailAsync(existing.UserId).Ignore();
        return state.State.Members;
    }

    Task<PolicyRecord> IOrganizationGrain.GetPolicyAsync() => Task.FromResult(state.State.Policy);

    Task<VersionedPolicy> IOrganizationGrain.GetVersionedPolicyAsync() =>
        Task.FromResult(new VersionedPolicy(state.State.Policy, state.State.PolicyRevision));

    async Task<long> IOrganizationGrain.SetPolicyAsync(PolicyRecord policy, IfRevision? ifRevision)
    {
        RequireCreated();
        ArgumentNullException.ThrowIfNull(policy);

        // Compared in the same turn as the write (this method does not interleave), so of two owners editing the same
        // revision only the first is saved.
        IfRevision.Check(ifRevision, state.State.PolicyRevision, $"The policy of {Tenant}");
        var normalised = PolicyMapping.FromNamingPolicy(PolicyMapping.ToNamingPolicy(policy));
        await SaveAsync(state.State with { Policy = normalised, PolicyRevision = state.State.PolicyRevision + 1 });

        // The re-check runs after this call returns (a turn per answer), so a large organization's policy change does
        // not hold its caller past the call timeout. A newer policy cancels an unfinished re-check.
        _recheck?.Cancel();
        _recheck = new CancellationTokenSource();
        _ = RecheckAllAsync(normalised, _recheck.Token);
        return state.State.PolicyRevision;
    }

    Task<IReadOnlyList<string>> IOrganizationGrain.GetWatchedAuthorsAsync() => Task.FromResult(state.State.WatchedAuthors);

    async Task IOrganizationGrain.LearnFromReviewAsync(string repoId, IReadOnlyList<AcceptedFindingRecord> dismissed, string reason, string userId)
    {
        RequireCreated();
        ArgumentNullException.ThrowIfNull(dismissed);
        var others = state.State.Dismissals.Where(d => !string.Equals(d.RepoId, repoId, StringComparison.OrdinalIgnoreCase));
        var now = time.GetUtcNow();
        var taught = dismissed.Select(finding => new DismissalRecord(repoId, finding, reason, userId, now));
        await SaveAsync(state.State with { Dismissals = [.. others.Concat(taught).TakeLast(DismissalLessons.MaxKept)] });
    }

    Task<IReadOnlyList<DismissalLesson>> IOrganizationGrain.GetDismissalLessonsAsync() =>
        Task.FromResult(DismissalLessons.From(state.State.Dismissals.Where(d => _index.Find(d.RepoId) is not null).ToList(), state.State.Policy));

    async Task IOrganizationGrain.SetWatchedAuthorsAsync(IReadOnlyList<string> authors)
    {
        RequireCreated();
        ArgumentNullException.ThrowIfNull(authors);
        var cleaned = authors.Select(a => a?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var author in cleaned)
        {
            // An author is the owner half of a repo id.
            if (!HubRepoId.IsValid(author + "/x") || author.Contains('/'))
            {
                throw new ArgumentException($"'{author}' is not a Hub user or organization name.");
            }
        }

        if (cleaned.Length > options.Value.MaxWatchedAuthors)
        {
            throw new ArgumentException($"An organization watches at most {options.Value.MaxWatchedAuthors} authors.");
        }

        await SaveAsync(state.State with { WatchedAuthors = cleaned });
        var watcher = GrainFactory.GetGrain<IRegistryWatcherGrain>(Tenant);
        if (cleaned.Length > 0)
        {
            await watcher.StartAsync(watcherOptions.Value.Interval);
        }
        else
        {
            await watcher.StopAsync();
        }
    }

    async Task<CreatedApiKey> IOrganizationGrain.CreateApiKeyAsync(string name, OrgRole role, ApiKeyCreator createdBy)
    {
        RequireCreated();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var (creator, withKey, maxRole) = ApiKeyAuthority.Resolve(createdBy, state.State.ApiKeys, FindMember);
        if (role > maxRole)
        {
            throw new RoleTooLowException(
                $"A key created by {creator} can be at most {maxRole.ToString().ToLowerInvariant()}, not {role.ToString().ToLowerInvariant()}.");
        }

        if (state.State.ApiKeys.Count(k => !k.Info.Revoked) >= options.Value.MaxApiKeys)
        {
            throw new InvalidOperationException($"{Tenant} has {options.Value.MaxApiKeys} API keys; revoke one first.");
        }

        var secret = $"{ApiKeySecrets.Prefix}{Tenant}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var info = new ApiKeyInfo(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), name.Trim(), role, time.GetUtcNow(), null, false)
        {
            CreatedBy = creator,
            CreatedWithKey = withKey,
        };
        await SaveAsync(state.State with { ApiKeys = [.. state.State.ApiKeys, new ApiKeyRecord(info, HashSecret(secret))] });
        return new CreatedApiKey(info, secret);
    }

    Task<IReadOnlyList<ApiKeyInfo>> IOrganizationGrain.GetApiKeysAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>(state.State.ApiKeys.Select(k => k.Info).ToArray());

    async Task IOrganizationGrain.RevokeApiKeyAsync(string keyId, string revokedBy)
    {
        RequireCreated();
        ArgumentException.ThrowIfNullOrWhiteSpace(revokedBy);
        if (state.State.ApiKeys.FirstOrDefault(k => k.Info.Id == keyId) is not { } revoking)
        {
            throw new ArgumentException($"{Tenant} has no API key {keyId}.", nameof(keyId));
        }

        if (revoking.Info.Revoked)
        {
            return;
        }

        var keys = ApiKeyAuthority.RevokeWithDescendants(state.State.ApiKeys, keyId, time.GetUtcNow(), revokedBy.Trim());
        await SaveAsync(state.State with { ApiKeys = ApiKeyRetention.KeepLatestRevoked(keys, options.Value.MaxApiKeys) });
    }

    Task<ApiKeyGrant?> IOrganizationGrain.AuthenticateApiKeyAsync(string secret)
    {
        if (!ApiKeySecrets.TryGetTenant(secret, out var tenant) || tenant.Value != Tenant)
        {
            return Task.FromResult<ApiKeyGrant?>(null);
        }

        // Every key is compared, matched or not, so timing says nothing about which keys exist.
        var hash = HashSecret(secret);
        ApiKeyRecord? match = null;
        foreach (var key in state.State.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.SecretHash) && !key.Info.Revoked)
            {
                match = key;
            }
        }

        // The role is worked out at every use, so a creator's demotion or departure takes effect on the next request.
        if (match is null || ApiKeyAuthority.EffectiveRole(match.Info, FindMember) is not { } role)
        {
            return Task.FromResult<ApiKeyGrant?>(null);
        }

        // Last use is kept to the minute and written with the index, not on every request.
        var now = time.GetUtcNow();
        if (match.Info.LastUsedAt is not { } last || now - last > TimeSpan.FromMinutes(1))
        {
            state.State = state.State with
            {
                ApiKeys = state.State.ApiKeys.Select(k => ReferenceEquals(k, match) ? k with { Info = k.Info with { LastUsedAt = now } } : k).ToArray(),
            };
            _indexDirty = true;
        }

        return Task.FromResult<ApiKeyGrant?>(new ApiKeyGrant(match.Info.Id, role, match.Info.CreatedBy));
    }

    async Task<CreatedWebhookSecret> IOrganizationGrain.CreateWebhookSecretAsync(string createdBy)
    {
        RequireCreated();
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        var secret = WebhookSecret.Generate();
        await SaveAsync(state.State with
        {
            WebhookSecretHash = WebhookSecret.Hash(secret),
            WebhookSecretCreatedAt = time.GetUtcNow(),
            WebhookSecretCreatedBy = createdBy.Trim(),
        });
        return new CreatedWebhookSecret(secret, CurrentWebhookSecret());
    }

    Task<WebhookSecretStatus> IOrganizationGrain.GetWebhookSecretAsync() => Task.FromResult(CurrentWebhookSecret());

    async Task<bool> IOrganizationGrain.RemoveWebhookSecretAsync()
    {
        RequireCreated();
        if (state.State.WebhookSecretHash is null)
        {
            return false;
        }

        await SaveAsync(state.State with { WebhookSecretHash = null, WebhookSecretCreatedAt = null, WebhookSecretCreatedBy = null });
        return true;
    }

    Task<bool> IOrganizationGrain.VerifyWebhookSecretAsync(string presented) =>
        Task.FromResult(state.State.WebhookSecretHash is { } hash && WebhookSecret.Matches(presented, hash));

    async Task IOrganizationGrain.RecordModelAsync(ModelSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (Record(summary, out var previous))
        {
            var previousVerdict = previous?.Verdict;
            if (VerdictSeverity.Of(summary.Verdict) > VerdictSeverity.Of(previousVerdict))
            {
                // A new model that looks misnamed, or one that turned so: open pages show it, and the alert grain
                // decides whether it goes out to the organization's receiver.
                var alert = new ModelAlert(summary, previousVerdict);
                _ = GrainFactory.GetGrain<IAlertGrain>(Tenant).NotifyAsync(alert);
                await _observers.Notify(observer => observer.OnModelFlaggedAsync(alert));
            }

            await _observers.Notify(observer => observer.OnModelChangedAsync(summary));
        }
    }

    Task IOrganizationGrain.ForgetModelAsync(string owner, string name)
    {
        var removed = _index.Find($"{owner}/{name}");
        _claimedModelIds.Remove($"{owner}/{name}");
        if (_index.Remove($"{owner}/{name}"))
        {
            _indexDirty = true;
            RefreshDuplicatesOf(removed);
        }

        return Task.CompletedTask;
    }

    Task<string?> IOrganizationGrain.FindModelIdAsync(string repoId) => Task.FromResult(FindModelId(repoId));

    Task<string> IOrganizationGrain.ClaimModelIdAsync(string repoId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoId);
        if (FindModelId(repoId) is { } known)
        {
            return Task.FromResult(known);
        }

        // Claims in flight count too, so registrations racing for the last places cannot pass the limit together.
        if (RoomForModels <= 0)
        {
            throw new ModelLimitReachedException(
                $"{Tenant} has reached its limit of {options.Value.MaxModels:N0} models: delete some before adding new ones (models it has can still be uploaded and registered again).");
        }

        if (_claimedModelIds.Count >= MaxClaimedModelIds)
        {
            _claimedModelIds.Clear();
        }

        _claimedModelIds[repoId] = repoId;
        return Task.FromResult(repoId);
    }

    Task<int> IOrganizationGrain.GetRoomForModelsAsync() => Task.FromResult(Math.Max(0, RoomForModels));

    Task<ModelPage> IOrganizationGrain.ListModelsAsync(ModelQuery query) => Task.FromResult(_index.Query(query));

    Task<OrgStats> IOrganizationGrain.GetStatsAsync() =>
        Task.FromResult(_index.Stats(_trend.Points(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))));

    Task<IReadOnlyList<string>> IOrganizationGrain.FindSameArchitectureAsync(string architectureHash, string exceptRepoId, long? parameters, string? weightSignature) =>
        Task.FromResult(_index.SameArchitecture(architectureHash, exceptRepoId, parameters, weightSignature));

    Task IOrganizationGrain.SubscribeAsync(IOrganizationObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    Task IOrganizationGrain.UnsubscribeAsync(IOrganizationObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Puts <paramref name="summary"/> in the index; false (nothing changes) when the index holds a newer verdict.</summary>
    /// <param name="previous">What the index held for the model before, null for a model new to it.</param>
    private bool Record(ModelSummary summary, out ModelSummary? previous)
    {
        previous = _index.Find(summary.RepoId);
        _claimedModelIds.Remove(summary.RepoId);
        if (!_index.Upsert(summary))
        {
            return false;
        }

        if (previous is null || previous.ArchitectureHash != summary.ArchitectureHash || previous.Parameters != summary.Parameters
            || previous.WeightSignature != summary.WeightSignature)
        {
            RefreshDuplicatesOf(previous);
            RefreshDuplicatesOf(summary);
        }

        if (previous is null || previous.AnalyzedAt != summary.AnalyzedAt)
        {
            _trend.Add(summary, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        }

        _indexDirty = true;
        return true;
    }

    /// <summary>
    /// The models sharing <paramref name="summary"/>'s architecture and weights name it as a duplicate (or should, now):
    /// they ask again once this turn is over (one-way calls, so a model that calls back does not wait on this grain).
    /// </summary>
    private void RefreshDuplicatesOf(ModelSummary? summary)
    {
        if (summary?.ArchitectureHash is not { } architecture || summary.WeightSignature is null)
        {
            return;
        }

        // A fleet of identical uploads is left as it is: its finding already says "and N more", and asking every
        // member again at each arrival would cost the square of the fleet.
        var others = _index.SameArchitecture(architecture, summary.RepoId, summary.Parameters, summary.WeightSignature);
        if (others.Count > MaxDuplicatesRefreshed)
        {
            return;
        }

        var tenant = new TenantId(Tenant);
        using var scope = TenantContext.Enter(tenant);
        foreach (var repoId in others)
        {
            if (ModelKey.TryParse(tenant, repoId, out var key))
            {
                _ = GrainFactory.GetGrain<IModelGrain>(key.GrainKey).RefreshDuplicatesAsync();
            }
        }
    }

    private async Task RecheckAllAsync(PolicyRecord policy, CancellationToken cancellationToken)
    {
        var repoIds = _index.RepoIds.ToArray();
        var running = new List<Task<ModelView>>();
        var next = 0;
        var failed = 0;
        while ((next < repoIds.Length || running.Count > 0) && !cancellationToken.IsCancellationRequested)
        {
            while (running.Count < options.Value.RecheckConcurrency && next < repoIds.Length)
            {
                running.Add(GrainFactory.GetGrain<IModelGrain>($"{Tenant}/{repoIds[next++]}").RecheckAsync(policy));
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            try
            {
                if ((await done).Summary is { } summary && Record(summary, out _))
                {
                    await _observers.Notify(observer => observer.OnModelChangedAsync(summary));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                LogRecheckFailed(logger, e, Tenant);
            }
        }

        LogRechecked(logger, Tenant, repoIds.Length, failed);
    }

    private async Task WriteIndexIfChangedAsync()
    {
        if (!_indexDirty || _writing)
        {
            return;
        }

        _indexDirty = false;
        await SaveAsync(state.State);
    }

    /// <summary>Writes <paramref name="next"/> with the index as it is now; one write at a time.</summary>
    private async Task SaveAsync(OrganizationState next)
    {
        state.State = next with { Models = _index.Snapshot(), Trend = _trend.Snapshot() };
        _writing = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _indexDirty = true;
            throw;
        }
        finally
        {
            _writing = false;
        }
    }

    private void RequireCreated()
    {
        if (state.State.Info is null)
        {
            throw new InvalidOperationException($"Organization {Tenant} does not exist.");
        }
    }

    private int RoomForModels => options.Value.MaxModels - _index.Count - _claimedModelIds.Count;

    private WebhookSecretStatus CurrentWebhookSecret() => state.State.WebhookSecretHash is null
        ? WebhookSecretStatus.None
        : new WebhookSecretStatus(true, state.State.WebhookSecretCreatedAt, state.State.WebhookSecretCreatedBy);

    private string? FindModelId(string repoId) => _index.FindId(repoId) ?? _claimedModelIds.GetValueOrDefault(repoId);

    private Member? FindMember(string? userId) =>
        state.State.Members.FirstOrDefault(m => string.Equals(m.UserId, userId?.Trim(), StringComparison.OrdinalIgnoreCase));

    private bool IsLastOwner(Member member) => state.State.Members.Count(m => m.Role == OrgRole.Owner) == 1 && member.Role == OrgRole.Owner;

    private static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The registry watcher of {Tenant} could not be started")]
    private static partial void LogWatcherNotStarted(ILogger logger, Exception exception, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A model of {Tenant} could not be re-checked under the new policy")]
    private static partial void LogRecheckFailed(ILogger logger, Exception exception, string tenant);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checked {Count} models of {Tenant} under the new policy ({Failed} failed)")]
    private static partial void LogRechecked(ILogger logger, string tenant, int count, int failed);
}
