namespace Dara.Cloud.Grains.Reanalysis;

/// <summary>What analysing one model again came to, as a re-analysis job counts it.</summary>
internal enum ModelOutcome
{
    Unchanged,
    Changed,
    Unavailable,
    Failed,
}

/// <summary>A job's counts moved on by one model.</summary>
internal static class ReanalysisProgress
{
    public static ReanalysisJob Add(this ReanalysisJob job, ModelOutcome outcome)
    {
        var done = job with { Done = job.Done + 1 };
        return outcome switch
        {
            ModelOutcome.Changed => done with { Changed = job.Changed + 1 },
            ModelOutcome.Unavailable => done with { Unavailable = job.Unavailable + 1 },
            ModelOutcome.Failed => done with { Failed = job.Failed + 1 },
            _ => done,
        };
    }

    public static ReanalysisJob Finish(this ReanalysisJob job, DateTimeOffset at, string? error = null) =>
        job with { Status = error is null ? ReanalysisStatus.Finished : ReanalysisStatus.Failed, FinishedAt = at, Error = error };

    public static ReanalysisJob Cancel(this ReanalysisJob job, DateTimeOffset at, string cancelledBy) =>
        job with { Status = ReanalysisStatus.Cancelled, FinishedAt = at, CancelledBy = cancelledBy };
}
