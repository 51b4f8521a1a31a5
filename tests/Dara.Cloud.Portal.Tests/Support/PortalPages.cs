using System.Security.Claims;
using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Components.Shared;
using Dara.Cloud.Portal.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// The portal's pages rendered interactively (bunit, as in a circuit) over the test portal's embedded silo: a page's
/// buttons call the real grains, and what they do is read back from the grains. Dialogs open in <see cref="Dialogs"/>.
/// </summary>
internal sealed class PortalPages : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public PortalPages(PortalFactory portal)
    {
        _context.Services.AddDaraPortalComponents();
        _context.Services.AddSingleton(portal.Grains);
        _context.Services.AddScoped<OrgAccess>();
        _context.Services.AddLogging();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Dialogs = _context.Render<MudDialogProvider>();
        Snackbars = _context.Render<MudSnackbarProvider>();
    }

    // Pages wait on real grains (and jobs on a Hub that may be slow on purpose): a shared CI machine needs the margin.
    static PortalPages() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);

    public IRenderedComponent<MudDialogProvider> Dialogs { get; }

    /// <summary>The snackbars the pages show (their messages are in its markup).</summary>
    public IRenderedComponent<MudSnackbarProvider> Snackbars { get; }

    /// <summary>The pages' navigation: where they sent the browser, or which address they wrote.</summary>
    public NavigationManager Navigation => _context.Services.GetRequiredService<NavigationManager>();

    /// <summary>
    /// Renders page <typeparamref name="TPage"/> of organization <paramref name="org"/> for <paramref name="userId"/>,
    /// signed in; <paramref name="route"/> adds the page's other route parameters (a model page's owner and name).
    /// </summary>
    public IRenderedComponent<TPage> Render<TPage>(string org, string userId, Action<ComponentParameterCollectionBuilder<TPage>>? route = null)
        where TPage : OrgPage
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DaraClaims.UserId, userId)], DaraAuthenticationSchemes.Development));
        return _context.Render<TPage>(parameters =>
        {
            parameters
                .Add(page => page.Org, org)
                .AddCascadingValue(Task.FromResult(new AuthenticationState(user)));
            route?.Invoke(parameters);
        });
    }

    /// <summary>Waits for a dialog saying <paramref name="message"/>, and answers it with its button <paramref name="button"/>.</summary>
    public Task AnswerAsync(string message, string button)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(message, Dialogs.Markup, StringComparison.Ordinal));
        return Dialogs.InvokeAsync(() => Dialogs.FindAll("button").Single(b => b.TextContent.Trim() == button).Click());
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
