using Dara.Cloud.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dara.Cloud.Grains.Reanalysis;

/// <summary>
/// Re-analyses an organization's models (key: tenant id), one job at a time. The job is a task started in this grain's
/// context rather than a request, so it never holds a turn while models are analysed: between its steps the grain
/// answers <see cref="IReanalysisGrain.GetAsync"/>, <see cref="IReanalysisGrain.StartAsync"/> and
/// <see cref="IReanalysisGrain.CancelAsync"/>, and because all of it runs on the grain's one-at-a-time scheduler, the
/// job's counts need no locks and the grain no reentrancy.
/// Progress is written by a grain timer every <see cref="OrganizationOptions.ReanalysisCheckpoint"/>; that timer also
/// keeps the activation alive while the job runs, since a job receives no calls to keep it from being collected.
/// </summary>
internal sealed partial class ReanalysisGrain(
    [PersistentState(ReanalysisGrain.StateName, DaraStorage.Grains)] IPersistentState<ReanalysisState> state,
    IOptions<OrganizationOptions> options,
    TimeProvider time,
    ILogger<ReanalysisGrain> logger)
    : Grain, IReanalysisGrain
{
    public const string StateName = "reanalysis";

    // The checkpoint timer and the job's own last write may both want to write: storage takes one write at a time.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Task? _run;
    private CancellationTokenSource? _stop;
    private IGrainTimer? _checkpoint;
    private bool _dirty;

    private TenantId Tenant => new(this.GetPrimaryKeyString());

    private ReanalysisJob Job => state.State.Job ?? throw new InvalidOperationException("No re-analysis job is running.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A new activation runs no job, so a job stored as running lost its silo without being told (a crash, a kill).
        // It reads as failed rather than being resumed: resuming would mean storing the list of models still to do,
        // tens of thousands of ids rewritten at every checkpoint, while analysing a model again is harmless, so
        // starting the job again is both the honest state and a cheap recovery.
        if (state.State.Job is { IsRunning: true } orphan)
        {
            LogInterrupted(logger, Tenant.Value, orphan.Id, orphan.Done, orphan.Models);
            state.State = state.State with { Job = orphan.Finish(time.GetUtcNow(), ReanalysisJob.InterruptedError) };
            await SaveAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is not { IsCompleted: false } run)
        {
            return;
        }

        await _stop!.CancelAsync();
        await run;
        if (state.State.Job is { IsRunning: true } job)
        {
            LogInterrupted(logger, Tenant.Value, job.Id, job.Done, job.Models);
            StopCheckpoints();
            state.State = state.State with { Job = job.Finish(time.GetUtcNow(), ReanalysisJob.InterruptedError) };
            await SaveAsync();
        }
    }

    async Task<ReanalysisJob> IReanalysisGrain.StartAsync(bool force, string startedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startedBy);
        if (state.State.Job is { IsRunning: true } running)
        {
            return running;
        }

        // The last job has finished but may still be writing that down; the next one starts after it.
        if (_run is { IsCompleted: false } finishing)
        {
            await finishing;
        }

        var job = new ReanalysisJob(
            Id: (state.State.Job?.Id ?? 0) + 1,
            Status: ReanalysisStatus.Running,
            Force: force,
            StartedBy: startedBy.Trim(),
            StartedAt: time.GetUtcNow(),
            FinishedAt: null,
            Models: 0,
            Done: 0,
            Changed: 0,
            Unavailable: 0,
            Failed: 0);
        var before = state.State;
        state.State = before with { Job = job };
        try
        {
            await SaveAsync();
        }
        catch
        {
            // Not stored, so not started: the caller hears of the failure and the last job stays the one to read.
            state.State = before;
            throw;
        }

        _stop?.Dispose();
        var checkpoint = options.Value.ReanalysisCheckpoint;
        _checkpoint = this.RegisterGrainTimer(CheckpointAsync, new GrainTimerCreationOptions(checkpoint, checkpoint) { KeepAlive = true });
        _stop = new CancellationTokenSource();
        _run = RunAsync(job.Force, _stop.Token);
        return job;
    }

    Task<ReanalysisJob?> IReanalysisGrain.GetAsync() => Task.FromResult(state.State.Job);

    async Task<ReanalysisJob?> IReanalysisGrain.CancelAsync(long id, string cancelledBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cancelledBy);
        if (state.State.Job is not { } job || job.Id != id)
        {
            return null;
        }

        if (!job.IsRunning)
        {
            return job;
        }

        // Recorded before the job hears of it: a model the job reports on its way out still counts, into the cancelled
        // job, and the job, no longer running, leaves writing its end to this call.
        StopCheckpoints();
        state.State = state.State with { Job = job.Cancel(time.GetUtcNow(), cancelledBy.Trim()) };
        if (_stop is { } stop)
        {
            await stop.CancelAsync();
        }

        // Returns at the job's next step: once cancelled it starts no model and waits for none.
        if (_run is { } run)
        {
            await run;
        }

        await SaveEndAsync();
        return Job;
    }

    /// <summary>The job's body; it never throws, so whoever awaits it (the next start, deactivation) need not guard.</summary>
    private async Task RunAsync(bool force, CancellationToken cancellationToken)
    {
        // The job acts for its organization on its own, long after the request that started it has been answered.
        using var tenant = TenantContext.Enter(Tenant);
        var models = new OrganizationModels(GrainFactory, Tenant, logger);
        string? error = null;
        try
        {
            var listed = await models.ListAsync(cancellationToken);
            Update(Job with { Models = listed.Count });
            await models.ReanalyzeAsync(listed, force, options.Value.ReanalysisConcurrency, outcome => Update(Job.Add(outcome)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A member cancelled the job, or deactivation stopped it: each records the end itself.
            return;
        }
        catch (Exception e)
        {
            LogJobFailed(logger, e, Tenant.Value, Job.Id);
            error = $"The organization's models could not be listed: {e.Message}";
        }

        // The last model ended just as a member cancelled the job: the cancel is what was asked, and it is recorded.
        if (!Job.IsRunning)
        {
            return;
        }

        StopCheckpoints();
        state.State = state.State with { Job = Job.Finish(time.GetUtcNow(), error) };
        await SaveEndAsync();
    }

    /// <summary>Writes the job's end (finished, failed or cancelled); a failed write is logged, not thrown.</summary>
    private async Task SaveEndAsync()
    {
        LogEnded(logger, Tenant.Value, Job.Id, Job.Status, Job.Done, Job.Changed, Job.Unavailable, Job.Failed);
        try
        {
            await SaveAsync();
        }
        catch (Exception e)
        {
            // Storage still holds the job as running: the next activation reads it as interrupted, which is what a
            // reader after a restart should be told, since this end was never saved. It stopped either way.
            LogNotSaved(logger, e, Tenant.Value, Job.Id);
        }
    }

    private void Update(ReanalysisJob job)
    {
        state.State = state.State with { Job = job };
        _dirty = true;
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await SaveAsync();
        }
    }

    private void StopCheckpoints()
    {
        _checkpoint?.Dispose();
        _checkpoint = null;
    }

    /// <summary>Writes the state as it is when the write begins; the job may count on meanwhile (the next write takes that).</summary>
    private async Task SaveAsync()
    {
        await _writes.WaitAsync();
        try
        {
            _dirty = false;
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
        finally
        {
            _writes.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-analysis {Id} of {Tenant} {Status}: {Done} models, {Changed} changed, {Unavailable} unavailable, {Failed} failed")]
    private static partial void LogEnded(ILogger logger, string tenant, long id, string status, int done, int changed, int unavailable, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-analysis {Id} of {Tenant} was interrupted after {Done} of {Models} models")]
    private static partial void LogInterrupted(ILogger logger, string tenant, long id, int done, int models);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-analysis {Id} of {Tenant} failed")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string tenant, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The end of re-analysis {Id} of {Tenant} could not be saved")]
    private static partial void LogNotSaved(ILogger logger, Exception exception, string tenant, long id);
}
