namespace Dara.Cloud.Portal.Ui;

/// <summary>
/// A signed-in member's view of one organization. Pages make every grain call through it: each call carries the
/// organization as its tenant (a circuit's event handlers do not inherit one, so it is set per call), and model ids
/// are checked to be valid before a grain is addressed.
/// </summary>
public sealed class OrgScope(IGrainFactory grains, OrganizationInfo info, string userId, OrgRole role)
{
    public OrganizationInfo Info => info;

    public TenantId Tenant => info.Id;

    /// <summary>The signed-in user (the id memberships are keyed by).</summary>
    public string UserId => userId;

    public OrgRole Role => role;

    /// <summary>Reviewers and owners upload, re-analyse and review.</summary>
    public bool CanReview => role >= OrgRole.Reviewer;

    /// <summary>Owners administer members, policy, watched authors and API keys.</summary>
    public bool IsOwner => role == OrgRole.Owner;

    /// <summary>The grain factory, for calls that are not the organization's (observer references, the analysis worker).</summary>
    public IGrainFactory Grains => grains;

    /// <summary>The organization's page (<paramref name="section"/>: models, check, settings; null for the dashboard).</summary>
    public string Href(string? section = null) => section is null ? $"/orgs/{Tenant.Value}" : $"/orgs/{Tenant.Value}/{section}";

    /// <summary>A model's page.</summary>
    public string ModelHref(string owner, string name) =>
        $"/orgs/{Tenant.Value}/models/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";

    public string ModelHref(ModelSummary model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ModelHref(model.Owner, model.Name);
    }

    /// <summary>Calls the organization's grain for this organization.</summary>
    public Task<T> OrganizationAsync<T>(Func<IOrganizationGrain, Task<T>> call) => TenantGrainAsync(call);

    /// <inheritdoc cref="OrganizationAsync{T}"/>
    public async Task OrganizationAsync(Func<IOrganizationGrain, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var _ = TenantContext.Enter(Tenant);
        await call(grains.GetGrain<IOrganizationGrain>(Tenant.Value));
    }

    /// <summary>Calls this organization's Hub watcher (<see cref="IRegistryWatcherGrain"/>).</summary>
    public Task<T> WatcherAsync<T>(Func<IRegistryWatcherGrain, Task<T>> call) => TenantGrainAsync(call);

    /// <summary>Calls this organization's re-analysis jobs (<see cref="IReanalysisGrain"/>).</summary>
    public Task<T> ReanalysisAsync<T>(Func<IReanalysisGrain, Task<T>> call) => TenantGrainAsync(call);

    /// <summary>Calls this organization's alerts (<see cref="IAlertGrain"/>).</summary>
    public Task<T> AlertsAsync<T>(Func<IAlertGrain, Task<T>> call) => TenantGrainAsync(call);

    // The grains an organization has one of are keyed by its tenant id, and take calls carrying that tenant only.
    private async Task<T> TenantGrainAsync<TGrain, T>(Func<TGrain, Task<T>> call)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(call);
        using var _ = TenantContext.Enter(Tenant);
        return await call(grains.GetGrain<TGrain>(Tenant.Value));
    }

    /// <summary>
    /// Calls the grain of model <paramref name="repoId"/> (owner/name, in any case: Hub ids ignore it); false when that
    /// is no valid model id. <paramref name="register"/>: the call uploads or registers the model, so a new id is claimed.
    /// </summary>
    public async Task<(bool Valid, T? Result)> ModelAsync<T>(string repoId, Func<IModelGrain, Task<T>> call, bool register = false)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!ModelKey.TryParse(Tenant, repoId, out var key))
        {
            return (false, default);
        }

        using var _ = TenantContext.Enter(Tenant);
        var organization = grains.GetGrain<IOrganizationGrain>(Tenant.Value);
        key = register ? await organization.ClaimAsync(key) : await organization.FindAsync(key);
        return (true, await call(grains.GetGrain<IModelGrain>(key.GrainKey)));
    }
}
