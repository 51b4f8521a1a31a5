namespace Dara.Cloud.Portal.Ui;

/// <summary>"Analyse again" from a page that may be older than the model: someone may have deleted it meanwhile.</summary>
public static class ModelReanalysis
{
    /// <summary>
    /// Analyses <paramref name="repoId"/> again and returns it, or null when it is no longer in the organization (the
    /// grain refuses to re-analyse a model it does not hold, which a page would otherwise show as a crash).
    /// </summary>
    public static async Task<ModelView?> ReanalyzeAsync(OrgScope scope, string repoId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (_, view) = await scope.ModelAsync(repoId, async model =>
            await model.GetAsync() is { Current: not null } ? await model.ReanalyzeAsync(force: true) : null);
        return view;
    }
}
