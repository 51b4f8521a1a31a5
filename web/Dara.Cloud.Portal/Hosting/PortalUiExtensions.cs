using Dara.Cloud.Portal.Authentication;
using Dara.Cloud.Portal.Components;
using Dara.Cloud.Portal.Ui;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The portal's pages: a Blazor Web App rendered on the server (interactive over the circuit), with MudBlazor and the
/// components of Dara.Cloud.Portal.Components. Pages call the grains directly, through the same rules as the API.
/// </summary>
public static class PortalUiExtensions
{
    /// <summary>Razor components with interactive server rendering, the signed-in user for the pages, and the pages' services.</summary>
    public static IHostApplicationBuilder AddDaraPortalUi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddDaraPortalComponents();
        services.AddScoped<OrgAccess>();
        services.AddScoped<OrganizationDirectory>();
        services.AddSingleton<BrowserCheck>();
        return builder;
    }

    /// <summary>Antiforgery for forms, static assets, sign-in and sign-out, and the pages.</summary>
    public static WebApplication MapDaraPortalUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapSignInEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
