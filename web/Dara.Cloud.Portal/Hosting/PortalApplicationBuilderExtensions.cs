using System.Net.Mime;
using Dara.Cloud.Portal.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The portal's request pipeline and routes.</summary>
public static class PortalApplicationBuilderExtensions
{
    /// <summary>Errors as problem details, sign-in, the API and its OpenAPI document (<c>/openapi/v1.json</c>), the pages.</summary>
    public static WebApplication MapDaraPortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();

        // A browser that opens an address no page has gets the portal's own page saying so, in its layout with a way
        // back, rather than the problem document the API answers with; API clients keep their problem details. Each
        // status-code middleware is switched off for the requests the other serves (not UseWhen: a branch has no routing
        // of its own to re-execute the page with, and answered an empty 404).
        app.UseStatusCodePagesWithReExecute(NotFoundPath, createScopeForStatusCodePages: true);
        app.Use(StatusCodePagesOnlyFor(IsBrowserPageRequest));
        app.UseStatusCodePages();
        app.Use(StatusCodePagesOnlyFor(context => !IsBrowserPageRequest(context)));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapDaraApi();
        app.MapDaraPortalUi();
        return app;
    }

    /// <summary>The page that says an address has no page (<c>Components/Pages/NotFoundPage.razor</c>).</summary>
    public const string NotFoundPath = "/not-found";

    /// <summary>Switches off the status-code pages set up just before for the requests <paramref name="serves"/> leaves out.</summary>
    private static Func<HttpContext, RequestDelegate, Task> StatusCodePagesOnlyFor(Func<HttpContext, bool> serves) => (context, next) =>
    {
        if (!serves(context) && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        return next(context);
    };

    /// <summary>A browser navigating to a page (it asks for HTML), outside the API and its OpenAPI document.</summary>
    private static bool IsBrowserPageRequest(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        && context.Request.Headers.Accept.Any(accept => accept?.Contains(MediaTypeNames.Text.Html, StringComparison.OrdinalIgnoreCase) == true);
}
