using System.Security.Claims;
using Dara.Cloud.Portal.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shared;

/// <summary>
/// A page of one organization (<c>/orgs/{Org}/…</c>). Before anything loads it applies the membership rule
/// (<see cref="OrgAccess"/>): an unknown organization shows "not found" and a non-member "forbidden", answered with 404
/// and 403 when the page is prerendered. Members get <see cref="Scope"/>, and pages that show models can follow
/// changes live (<see cref="WatchesModels"/>).
/// </summary>
public abstract partial class OrgPage : ComponentBase, IAsyncDisposable
{
    private string? _resolvedFor;
    private OrganizationWatch? _watch;
    private bool _watchStarting;
    private bool _disposed;

    /// <summary>The organization id from the route.</summary>
    [Parameter]
    public string Org { get; set; } = string.Empty;

    /// <summary>The request, while the page is prerendered (null in the interactive circuit).</summary>
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private OrgAccess Access { get; set; } = default!;

    [Inject]
    private ILogger<OrgPage> Logger { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Alerts { get; set; } = default!;

    /// <summary>Whether the user may see the organization; null while that is being found out.</summary>
    protected OrgAccessResult? AccessResult { get; private set; }

    /// <summary>The organization as the signed-in member sees it; null unless allowed.</summary>
    protected OrgScope? Scope => AccessResult?.Scope;

    /// <summary>True to hear of model changes (<see cref="OnModelsChangedAsync"/>) while the page is open.</summary>
    protected virtual bool WatchesModels => false;

    protected override async Task OnParametersSetAsync()
    {
        if (!string.Equals(_resolvedFor, Org, StringComparison.Ordinal))
        {
            _resolvedFor = Org;
            await StopWatchingAsync();
            AccessResult = null;
            var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
            AccessResult = await Access.ResolveAsync(user, Org);
            if (AccessResult.Status != OrgAccessStatus.Allowed)
            {
                Answer(AccessResult.HttpStatus);
                return;
            }
        }

        if (Scope is { } scope)
        {
            await LoadAsync(scope);
        }
    }

    /// <summary>
    /// Reads the user's role again just before an action and returns the organization as the user now holds it, or
    /// null when that role no longer <paramref name="permits"/> the action. A page stays open while an owner demotes or
    /// removes its user, and the role it was loaded with must not outlive that: the page then shows what the user may
    /// still see (read-only controls, or "forbidden").
    /// </summary>
    protected async Task<OrgScope?> PermittedScopeAsync(Func<OrgScope, bool> permits)
    {
        ArgumentNullException.ThrowIfNull(permits);
        var user = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        var result = await Access.ResolveAsync(user, Org);
        var roleChanged = result.Scope?.Role != Scope?.Role;
        if (result.Status != OrgAccessStatus.Allowed || roleChanged)
        {
            AccessResult = result;
            if (result.Status != OrgAccessStatus.Allowed)
            {
                await StopWatchingAsync();
            }

            StateHasChanged();
        }

        return result.Scope is { } scope && permits(scope) ? scope : null;
    }

    /// <summary>Loads what the page shows (each time its parameters are set).</summary>
    protected abstract Task LoadAsync(OrgScope scope);

    /// <summary>The page now hears of changes: load what it shows once more (by default <see cref="LoadAsync"/>).</summary>
    protected virtual Task OnWatchStartedAsync(OrgScope scope) => LoadAsync(scope);

    /// <summary>Models of the organization changed (a batch of them): refresh what the page shows.</summary>
    protected virtual Task OnModelsChangedAsync(IReadOnlyList<ModelSummary> changed) => Task.CompletedTask;

    /// <summary>
    /// Answers with <paramref name="status"/>: 404 shows the not-found page (with that status when prerendered); other
    /// statuses are set on a prerendered page's response (a page already in the circuit has no response to set).
    /// </summary>
    protected void Answer(int status)
    {
        if (status == StatusCodes.Status404NotFound)
        {
            // The router's not-found page: a 404 set by hand would leave the body to the status-code pages.
            Navigation.NotFound();
            return;
        }

        if (HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = status;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only in the circuit: a prerendered page is gone once its HTML is sent and would leave its subscription behind.
        if (!WatchesModels || _watch is not null || _watchStarting || _disposed || Scope is not { } scope || !RendererInfo.IsInteractive)
        {
            return;
        }

        _watchStarting = true;
        try
        {
            var watch = await OrganizationWatch.StartAsync(scope, changed => InvokeAsync(() => RefreshAsync(changed)), Logger);
            if (_disposed || !ReferenceEquals(scope, Scope))
            {
                await watch.DisposeAsync();
            }
            else
            {
                _watch = watch;

                // A change between the first load and the subscription would otherwise go unseen until the next one.
                await OnWatchStartedAsync(scope);
                StateHasChanged();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The page works without live updates; it shows what it loaded.
            Log.WatchFailed(Logger, exception, scope.Tenant.Value);
        }
        finally
        {
            _watchStarting = false;
        }
    }

    private async Task RefreshAsync(ModelChanges changes)
    {
        if (_disposed)
        {
            return;
        }

        Alert(changes.Flagged);
        await OnModelsChangedAsync(changes.Changed);
        StateHasChanged();
    }

    /// <summary>
    /// The live alert: models that came in flagged or turned so while the page is open, one message per burst (a
    /// re-analysis may flag hundreds at once), with a way to the model or to the flagged models.
    /// </summary>
    private void Alert(IReadOnlyList<ModelAlert> flagged)
    {
        if (flagged.Count == 0 || Scope is not { } scope)
        {
            return;
        }

        var misnamed = flagged.Any(a => a.Model.Verdict == "misnamed");
        var (message, href) = flagged.Count == 1
            ? ($"{flagged[0].Model.RepoId} looks {flagged[0].Model.Verdict}: {string.Join(", ", flagged[0].Model.FindingCodes.Where(c => c != "convention").DefaultIfEmpty("convention"))}.",
                scope.ModelHref(flagged[0].Model))
            : ($"{flagged.Count} models now look misnamed or suspicious.", $"{scope.Href("models")}?verdict={ModelQuery.Flagged}");
        Alerts.Add(message, misnamed ? Severity.Error : Severity.Warning, options =>
        {
            options.Action = "Open";
            options.ActionColor = Color.Inherit;
            options.OnClick = _ =>
            {
                Navigation.NavigateTo(href);
                return Task.CompletedTask;
            };
        }, key: $"dara-alert-{href}");
    }

    private async Task StopWatchingAsync()
    {
        if (_watch is { } watch)
        {
            _watch = null;
            await watch.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await StopWatchingAsync();
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a page holds besides its subscription.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Live updates for {Organization} could not start")]
        public static partial void WatchFailed(ILogger logger, Exception exception, string organization);
    }
}
