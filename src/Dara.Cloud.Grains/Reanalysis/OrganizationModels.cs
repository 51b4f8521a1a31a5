using Microsoft.Extensions.Logging;

namespace Dara.Cloud.Grains.Reanalysis;

/// <summary>
/// One pass over an organization's models: lists them, then analyses each again, a bounded number at a time. Started
/// from grain code, so every continuation (and every <c>report</c>) runs in that grain's context, one at a time.
/// </summary>
internal sealed partial class OrganizationModels(IGrainFactory grains, TenantId tenant, ILogger logger)
{
    private const int PageSize = 200;

    /// <summary>
    /// Every model with the verdict and score the organization lists it with, by name. Read in full before any model is
    /// analysed: the index reorders as verdicts change, so paging while analysing could skip or repeat models.
    /// </summary>
    public async Task<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.Value);
        var models = new List<ModelSummary>();
        for (var page = 1; ; page++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await organization.ListModelsAsync(new ModelQuery(Sort: "name", Page: page, PageSize: PageSize));
            models.AddRange(batch.Items);
            if (batch.Items.Count == 0 || page * batch.PageSize >= batch.Total)
            {
                return models;
            }
        }
    }

    /// <summary>
    /// Analyses <paramref name="models"/> again, at most <paramref name="concurrency"/> at once; reports each as it ends.
    /// Once <paramref name="cancellationToken"/> is cancelled no further model is started, and this throws
    /// <see cref="OperationCanceledException"/> without waiting for the models under way.
    /// </summary>
    public async Task ReanalyzeAsync(IReadOnlyList<ModelSummary> models, bool force, int concurrency, Action<ModelOutcome> report, CancellationToken cancellationToken)
    {
        var running = new List<Task<ModelOutcome>>();
        var next = 0;
        while (next < models.Count || running.Count > 0)
        {
            // Checked in the same turn as the models are started: a model reported after a cancel starts no other.
            cancellationToken.ThrowIfCancellationRequested();
            while (running.Count < concurrency && next < models.Count)
            {
                running.Add(ReanalyzeAsync(models[next++], force));
            }

            // Cancelled (by a member, or the activation is going away): stop waiting. A model's analysis cannot be cut
            // half-way, so the models already asked finish on their own and keep their new verdicts.
            var done = await Task.WhenAny(running).WaitAsync(cancellationToken);
            running.Remove(done);
            report(await done);
        }
    }

    private async Task<ModelOutcome> ReanalyzeAsync(ModelSummary summary, bool force)
    {
        try
        {
            var view = await grains.GetGrain<IModelGrain>(new ModelKey(tenant, summary.Owner, summary.Name).GrainKey).ReanalyzeAsync(force);
            return view.Current is { } current && (current.Verdict != summary.Verdict || current.Score != summary.Score)
                ? ModelOutcome.Changed
                : ModelOutcome.Unchanged;
        }
        catch (ModelSourceUnavailableException)
        {
            // That model keeps its verdict; the others are still analysed.
            return ModelOutcome.Unavailable;
        }
        catch (Exception e)
        {
            // One model that cannot be analysed (deleted meanwhile, its upload no longer stored) must not end a job over
            // thousands: it is counted and logged, and the job goes on.
            LogModelFailed(logger, e, tenant.Value, summary.RepoId);
            return ModelOutcome.Failed;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-analysing {RepoId} of {Tenant} failed")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string tenant, string repoId);
}
