using Dara.Cloud.Analysis.Artifacts;
using Dara.Cloud.Analysis.Artifacts.Hub;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Dara.Cloud.Grains.Analysis;

/// <summary>
/// Runs the engine off the model grains' turns: one activation per core on every silo, no state. It is given data
/// (artifacts, a Hub id, facts), never a grain key, so the tenant filter lets any tenant's model use it. Reentrant,
/// because an analysis mostly waits on the Hub and there is no state to protect: one activation overlaps many reads.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed partial class AnalysisWorker(AnalysisEngine engine, HubClient hub, ILogger<AnalysisWorker> logger) : Grain, IAnalysisWorker
{
    async Task<AnalysisOutcome> IAnalysisWorker.AnalyzeAsync(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Artifacts is { } artifacts)
        {
            await using var upload = new UploadedArtifactSource(artifacts, request.Name);
            return await engine.AnalyzeAsync(upload, request.Name, request.Policy, artifacts.ContentHash);
        }

        var hubId = request.HubId ?? request.Name;
        HubArtifactSource source;
        try
        {
            source = await HubArtifactSource.OpenAsync(hub, hubId, request.Revision);
        }
        catch (ArtifactException e)
        {
            LogHubUnreadable(logger, hubId, e.Message);
            return engine.UnreadableOutcome(request.Name, $"hf:{hubId}@{request.Revision ?? "main"}", e, request.Revision, request.Revision ?? "")
                with { SourceUnavailable = e is HubUnavailableException };
        }

        await using (source)
        {
            return await engine.AnalyzeAsync(source, request.Name, request.Policy, source.Revision ?? "");
        }
    }

    async Task<string?> IAnalysisWorker.ResolveRevisionAsync(string hubId, string? revision)
    {
        try
        {
            return (await hub.GetModelInfoAsync(hubId, revision)).Sha;
        }
        catch (HubUnavailableException e)
        {
            // The analysis would only meet the same wall after as many retries again (twice the wait, past the
            // caller's timeout): say now that nothing was analysed.
            throw new ModelSourceUnavailableException($"{hubId} was not analysed, and nothing was changed: {e.Message}. Try again later.");
        }
        catch (HubRepoNotFoundException e)
        {
            // Nothing to analyse and nothing to record: a mistyped id, or a model deleted since it was listed.
            throw new ModelNotOnHubException($"{hubId}: {e.Problem}. Nothing was registered.");
        }
        catch (ArtifactException e)
        {
            // The analysis that follows meets the same problem and turns it into an unreadable verdict.
            LogHubUnreadable(logger, hubId, e.Message);
            return null;
        }
    }

    Task<AnalysisOutcome> IAnalysisWorker.RecheckAsync(string name, string factsJson, PolicyRecord policy, VerdictRecord previous) =>
        Task.FromResult(engine.Recheck(name, factsJson, policy, previous));

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub model {HubId} could not be read: {Problem}")]
    private static partial void LogHubUnreadable(ILogger logger, string hubId, string problem);
}
