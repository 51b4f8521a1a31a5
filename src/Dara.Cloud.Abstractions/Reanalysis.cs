namespace Dara.Cloud;

/// <summary>The states of a re-analysis job (<see cref="ReanalysisJob.Status"/>).</summary>
public static class ReanalysisStatus
{
    public const string Running = "running";

    /// <summary>Every model was visited; some may have been unavailable or failed (see the counts).</summary>
    public const string Finished = "finished";

    /// <summary>The job itself stopped: its models could not be listed, or the silo stopped under it.</summary>
    public const string Failed = "failed";

    /// <summary>A member stopped the job (<see cref="ReanalysisJob.CancelledBy"/>) before it visited every model.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>
/// A job that analyses every model of an organization again, and how far it got.
/// </summary>
/// <param name="Id">The job's number within the organization: one more than the job before it.</param>
/// <param name="Force">Every model (true), or only those whose verdict an older engine gave (false).</param>
/// <param name="StartedBy">The user (or API key's user) who started it.</param>
/// <param name="Models">How many models the job found to analyse; 0 until it has listed them.</param>
/// <param name="Done">Models visited so far, whatever the outcome.</param>
/// <param name="Changed">Models whose verdict or score is not the one the organization listed before the job.</param>
/// <param name="Unavailable">Models the Hub could not serve: they kept their verdicts.</param>
/// <param name="Failed">Models that could not be analysed for another reason (uploaded files no longer stored, say).</param>
/// <param name="FinishedAt">When the job ended: finished, failed or cancelled; null while it runs.</param>
/// <param name="Error">Why the job failed, when <see cref="Status"/> is <see cref="ReanalysisStatus.Failed"/>.</param>
/// <param name="CancelledBy">
/// The user (or API key's user) who cancelled the job, when <see cref="Status"/> is <see cref="ReanalysisStatus.Cancelled"/>.
/// </param>
[GenerateSerializer, Immutable, Alias("dara.reanalysis-job")]
public sealed record ReanalysisJob(
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
    string? Error = null,
    string? CancelledBy = null)
{
    /// <summary>
    /// The <see cref="Error"/> of a job that failed because the silo running it stopped (a restart, a crash) rather than
    /// because of its models.
    /// </summary>
    public const string InterruptedError =
        "Interrupted: the silo running the job stopped before it finished. Start it again; the models it already analysed keep their new verdicts.";

    public bool IsRunning => Status == ReanalysisStatus.Running;

    /// <summary>Whether the job failed only because the silo running it stopped: starting it again is all it takes.</summary>
    public bool IsInterrupted => Status == ReanalysisStatus.Failed && Error == InterruptedError;
}

/// <summary>
/// Re-analyses an organization's models in the background (key: tenant id), one job at a time, and keeps the state of
/// the running or last job.
/// </summary>
public interface IReanalysisGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a job and returns it at once, running; while one runs, returns that one instead (its own
    /// <see cref="ReanalysisJob.Force"/> and starter), so two requests never analyse the models twice.
    /// </summary>
    Task<ReanalysisJob> StartAsync(bool force, string startedBy);

    /// <summary>The running job, else the last one, or null when the organization never ran one.</summary>
    Task<ReanalysisJob?> GetAsync();

    /// <summary>
    /// Cancels job <paramref name="id"/> if it is running: it starts no further model and reads
    /// <see cref="ReanalysisStatus.Cancelled"/> at once, with <paramref name="cancelledBy"/>, when
    /// (<see cref="ReanalysisJob.FinishedAt"/>) and the counts it reached. Models it analysed keep their new verdicts; the
    /// few under way at that moment finish on their own (a model's analysis is never cut half-way) and are not counted.
    /// A new job may start right after. Returns the job as it now is (one that had already ended, unchanged), or null
    /// when <paramref name="id"/> is not the running or last job.
    /// </summary>
    Task<ReanalysisJob?> CancelAsync(long id, string cancelledBy);
}
