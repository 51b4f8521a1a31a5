using Dara.Cloud.Analysis.Artifacts.Hub;
using Dara.Cloud.Grains.Analysis;
using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Grains.Models;

/// <summary>
/// One model of a tenant (key <c>tenant/owner/name</c>). Analyses only when something it was computed from changed
/// (the upload's content, the Hub commit, the engine), re-checks from cached facts when the policy changes, keeps the
/// review (its newest steps, the older ones in its <see cref="ReviewArchive"/>) and a short history, and reports every
/// change to its organization.
/// </summary>
internal sealed partial class ModelGrain(
    [PersistentState(ModelGrain.StateName, DaraStorage.Grains)] IPersistentState<ModelState> state,
    IEngineIdentity engine,
    TimeProvider time,
    ILogger<ModelGrain> logger)
    : Grain, IModelGrain
{
    public const string StateName = "model";

    /// <summary>Earlier verdicts kept; each is a few hundred bytes without its document.</summary>
    public const int HistoryLimit = 50;

    private ModelKey? _key;

    private ModelKey Key => _key ??= ModelKey.FromGrainKey(this.GetPrimaryKeyString());

    private IOrganizationGrain Organization => GrainFactory.GetGrain<IOrganizationGrain>(Key.Tenant.Value);

    private IAnalysisWorker Worker => GrainFactory.GetGrain<IAnalysisWorker>(0);

    private IArtifactStoreGrain Artifacts => GrainFactory.GetGrain<IArtifactStoreGrain>(Key.GrainKey);

    private IReviewArchiveGrain ArchivePage(long page) => GrainFactory.GetGrain<IReviewArchiveGrain>(ReviewArchive.PageKey(Key, page));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A review stored before steps were numbered is numbered as it loads; it is written so at its next change, when
        // its older steps also move to the archive.
        state.State = state.State with { Review = ReviewWorkflow.Numbered(state.State.Review) };
        return Task.CompletedTask;
    }

    Task<ModelView> IModelGrain.SubmitAsync(ArtifactSet artifacts) => RegisteringAsync(() => SubmitAsync(artifacts));

    Task<ModelView> IModelGrain.RegisterFromHubAsync(string? hubId, string? revision) => RegisteringAsync(() => RegisterFromHubAsync(hubId, revision));

    private async Task<ModelView> SubmitAsync(ArtifactSet artifacts)
    {
        ArtifactSetRules.Validate(artifacts);
        var hash = ArtifactSet.ComputeHash(artifacts.Files);
        var current = state.State;
        if (current.Origin?.Kind == ModelOrigin.UploadKind && current.Current?.ContentHash == hash && current.Current.EngineVersion == engine.Version)
        {
            return View();
        }

        var stored = artifacts with { ContentHash = hash };
        await Artifacts.PutAsync(stored);
        return await AnalyzeAsync(ModelOrigin.Upload, new AnalysisRequest(Key.RepoId, PolicyRecord.Default, Artifacts: stored));
    }

    private async Task<ModelView> RegisterFromHubAsync(string? hubId, string? revision)
    {
        hubId ??= Key.RepoId;
        if (!hubId.Contains('/') || !HubRepoId.IsValid(hubId))
        {
            throw new ArgumentException($"'{hubId}' is not a Hub model id (owner/name).", nameof(hubId));
        }

        if (revision is not null && !HubRepoId.IsValidRevision(revision))
        {
            throw new ArgumentException($"'{revision}' is not a revision (a branch, tag or commit).", nameof(revision));
        }

        // A branch or tag moves; only a commit says whether the artifacts are the ones already analysed.
        var commit = HubRepoId.IsCommitHash(revision) ? revision : await Worker.ResolveRevisionAsync(hubId, revision);
        var current = state.State;
        if (commit is not null && current.Origin is { Kind: ModelOrigin.HubKind } origin && string.Equals(origin.HubId, hubId, StringComparison.OrdinalIgnoreCase) && current.Current is { } verdict
            && verdict.Revision == commit && verdict.EngineVersion == engine.Version && verdict.Verdict != AnalysisEngine.Unreadable)
        {
            return View();
        }

        var at = commit ?? revision;
        return await AnalyzeAsync(ModelOrigin.Hub(hubId, at), new AnalysisRequest(Key.RepoId, PolicyRecord.Default, HubId: hubId, Revision: at));
    }

    Task<ModelView?> IModelGrain.GetAsync() => Task.FromResult(state.State.Origin is null ? null : View());

    async Task<ModelView> IModelGrain.ReanalyzeAsync(bool force)
    {
        var current = state.State;
        var origin = current.Origin ?? throw new InvalidOperationException($"Model {Key.RepoId} was never submitted or registered.");
        if (!force && current.Current?.EngineVersion == engine.Version)
        {
            return View();
        }

        if (origin.Kind == ModelOrigin.UploadKind)
        {
            var artifacts = await Artifacts.GetAsync()
                ?? throw new InvalidOperationException($"The uploaded artifacts of {Key.RepoId} are no longer stored; submit them again.");
            return await AnalyzeAsync(origin, new AnalysisRequest(Key.RepoId, PolicyRecord.Default, Artifacts: artifacts));
        }

        return await AnalyzeAsync(origin, new AnalysisRequest(Key.RepoId, PolicyRecord.Default, HubId: origin.HubId, Revision: current.Current?.Revision ?? origin.Revision));
    }

    async Task<ModelView> IModelGrain.RecheckAsync(PolicyRecord policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var current = state.State;
        if (current.Current is not { } previous || current.FactsJson is not { } facts || previous.Verdict == AnalysisEngine.Unreadable)
        {
            return View();
        }

        var outcome = await Worker.RecheckAsync(Key.RepoId, facts, policy, previous);
        var verdict = DuplicateFindings.Apply(outcome.Verdict, current.Duplicates);
        if (verdict.DocumentJson == previous.DocumentJson)
        {
            return View();
        }

        await SaveAsync(current with
        {
            Current = verdict,
            History = Push(current.History, previous),
            Review = ReviewWorkflow.OnNewVerdict(current.Review, previous, verdict, time.GetUtcNow()),
        });
        return View();
    }

    async Task<ModelView> IModelGrain.ReviewAsync(string userId, ReviewAction action, IfRevision? ifRevision)
    {
        if (state.State.Origin is null)
        {
            throw new InvalidOperationException($"Model {Key.RepoId} was never submitted or registered.");
        }

        // Compared in this turn, before anything is written: a second reviewer working from the same revision fails here.
        IfRevision.Check(ifRevision, state.State.Review.Revision, $"The review of {Key.RepoId}");

        var before = state.State.Review.Status;
        await SaveAsync(state.State with { Review = ReviewWorkflow.Apply(state.State.Review, userId, action, time.GetUtcNow()) });
        var view = View();
        await Organization.RecordModelAsync(view.Summary!);

        // Dismissals teach the organization's policy (owners accept what they teach); a review reopened or accepted
        // after a dismissal takes its lesson back.
        if (action.Action == ReviewActions.Dismiss)
        {
            await Organization.LearnFromReviewAsync(Key.RepoId, DismissedFindings.Of(state.State.Current), action.Text ?? string.Empty, userId);
        }
        else if (before == ReviewActions.Dismissed && state.State.Review.Status != ReviewActions.Dismissed)
        {
            await Organization.LearnFromReviewAsync(Key.RepoId, [], string.Empty, userId);
        }

        return view;
    }

    async Task<ReviewHistoryPage?> IModelGrain.GetReviewHistoryAsync(long? before, int take)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, ReviewHistoryPage.MaxTake);
        if (before is { } first)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(first, 1, nameof(before));
        }

        var current = state.State;
        if (current.Origin is null)
        {
            return null;
        }

        var archivedThrough = current.ReviewArchivedThrough;
        var total = ReviewArchive.LastSequence(current.Review, archivedThrough);
        var upper = Math.Min(total, (before ?? long.MaxValue) - 1);
        if (upper < 1)
        {
            return new ReviewHistoryPage([], total, null);
        }

        var lower = Math.Max(1, upper - take + 1);
        var steps = new List<ReviewEvent>(take);

        // Steps up to the one recorded as archived are read from their pages (a page with later steps is left over
        // from an unfinished move, and those steps are still inline).
        if (lower <= archivedThrough)
        {
            var lastArchived = Math.Min(upper, archivedThrough);
            for (var page = ReviewArchive.PageOf(lower); page <= ReviewArchive.PageOf(lastArchived); page++)
            {
                steps.AddRange((await ArchivePage(page).GetAsync()).Where(step => step.Sequence >= lower && step.Sequence <= lastArchived));
            }
        }

        steps.AddRange(current.Review.Events.Where(step => step.Sequence >= lower && step.Sequence <= upper && step.Sequence > archivedThrough));
        return new ReviewHistoryPage(steps, total, lower > 1 ? lower : null);
    }

    async Task IModelGrain.RefreshDuplicatesAsync()
    {
        var current = state.State;
        if (current.Current is not { ArchitectureHash: { } architecture } verdict || verdict.Verdict == AnalysisEngine.Unreadable)
        {
            return;
        }

        // Without weight files there is nothing to have uploaded twice: two configs of one architecture are two models.
        IReadOnlyList<string> duplicates = current.WeightSignature is { } signature
            ? await Organization.FindSameArchitectureAsync(architecture, Key.RepoId, current.Parameters, signature)
            : [];
        if (duplicates.SequenceEqual(current.Duplicates, StringComparer.Ordinal))
        {
            return;
        }

        await SaveAsync(current with { Current = DuplicateFindings.Apply(DuplicateFindings.Remove(verdict), duplicates), Duplicates = duplicates });
        await Organization.RecordModelAsync(View().Summary!);
    }

    async Task IModelGrain.DeleteAsync()
    {
        // The archive goes first: a delete interrupted after it leaves a model that can still be deleted, never archive
        // pages that no model points to. Every whole page up to the newest step is cleared, so a page left over from a
        // move a silo did not finish (its steps still inline, so below the newest) goes too.
        var current = state.State;
        var pages = ReviewArchive.LastSequence(current.Review, current.ReviewArchivedThrough) / ReviewArchive.PageSize;
        await Task.WhenAll(Enumerable.Range(1, (int)pages).Select(page => ArchivePage(page).ClearAsync()));

        if (state.State.Origin is { Kind: ModelOrigin.UploadKind })
        {
            await Artifacts.ClearAsync();
        }

        await state.ClearStateAsync();
        await Organization.ForgetModelAsync(Key.Owner, Key.Name);
        DeactivateOnIdle();
    }

    /// <summary>
    /// Runs an upload or a registration. When one fails for a model that has none yet (the Hub out of reach or without
    /// it, files that are refused), nothing was registered: the organization is told to forget the id claimed for it,
    /// which would otherwise count against its model limit.
    /// </summary>
    private async Task<ModelView> RegisteringAsync(Func<Task<ModelView>> register)
    {
        try
        {
            return await register();
        }
        catch (Exception) when (state.State.Origin is null)
        {
            await Organization.ForgetModelAsync(Key.Owner, Key.Name);
            throw;
        }
    }

    private async Task<ModelView> AnalyzeAsync(ModelOrigin origin, AnalysisRequest request)
    {
        var organization = Organization;
        var policy = await organization.GetPolicyAsync();
        var outcome = await Worker.AnalyzeAsync(request with { Policy = policy });
        if (outcome.SourceUnavailable)
        {
            // No verdict on the model: keep what was known (or register nothing) and let the caller try again.
            throw new ModelSourceUnavailableException(
                $"{Key.RepoId} was not analysed, and nothing was changed: {string.Join("; ", outcome.Problems)}. Try again later.");
        }

        var readable = outcome.Verdict.Verdict != AnalysisEngine.Unreadable;
        IReadOnlyList<string> duplicates = readable && outcome.Verdict.ArchitectureHash is { } architecture && outcome.WeightSignature is { } signature
            ? await organization.FindSameArchitectureAsync(architecture, Key.RepoId, outcome.Parameters, signature)
            : [];
        var verdict = DuplicateFindings.Apply(outcome.Verdict, duplicates);
        var current = state.State;
        await SaveAsync(current with
        {
            Origin = origin,
            Current = verdict,
            History = current.Current is { } previous ? Push(current.History, previous) : current.History,
            Review = ReviewWorkflow.OnNewVerdict(current.Review, current.Current, verdict, time.GetUtcNow()),
            FactsJson = outcome.FactsJson,
            ModelType = outcome.ModelType,
            Parameters = outcome.Parameters,
            WeightSignature = outcome.WeightSignature,
            Duplicates = duplicates,
            Analyses = current.Analyses + 1,
        });
        LogAnalyzed(logger, Key.GrainKey, verdict.Verdict, verdict.Score, origin.Kind);
        var view = View();
        await organization.RecordModelAsync(view.Summary!);
        return view;
    }

    /// <summary>
    /// Writes <paramref name="next"/>, first moving the review's older steps to the archive when a page of them is due:
    /// the pages are stored before the state that no longer holds their steps, so a silo dying in between loses nothing.
    /// </summary>
    private async Task SaveAsync(ModelState next)
    {
        var move = ReviewArchive.Plan(next.Review, next.ReviewArchivedThrough);
        foreach (var page in move.Pages)
        {
            await ArchivePage(page.Number).StoreAsync(page.Steps);
        }

        var previous = state.State;
        state.State = next with { Review = move.Review, ReviewArchivedThrough = move.ArchivedThrough };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // What the caller is told failed must not stay in memory: the next change would build on it, and the archive
            // pages it would clear on delete are counted from it.
            state.State = previous;
            throw;
        }
    }

    private static IReadOnlyList<VerdictRecord> Push(IReadOnlyList<VerdictRecord> history, VerdictRecord previous)
    {
        // The document is what makes a verdict large; the history shows how verdicts moved, not their evidence.
        var slim = previous with { DocumentJson = "" };
        return [slim, .. history.Take(HistoryLimit - 1)];
    }

    private ModelView View()
    {
        var current = state.State;
        return new ModelView(Key, current.Origin!, current.Current, current.History, current.Review, current.Duplicates, current.Analyses, Summary(current));
    }

    private ModelSummary? Summary(ModelState current) => current.Current is not { } verdict
        ? null
        : new ModelSummary(
            Key.Owner,
            Key.Name,
            verdict.Verdict,
            verdict.Score,
            verdict.FindingCodes,
            verdict.SuggestedName,
            current.ModelType,
            current.Parameters,
            verdict.AnalyzedAt,
            current.Origin!.Kind,
            current.Review.Status,
            verdict.ArchitectureHash,
            current.WeightSignature,
            current.Review.Assignee);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {Key} analysed from {Origin}: {Verdict} ({Score})")]
    private static partial void LogAnalyzed(ILogger logger, string key, string verdict, int score, string origin);
}
