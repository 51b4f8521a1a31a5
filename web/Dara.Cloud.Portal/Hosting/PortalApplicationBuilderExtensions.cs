using Dara.Cloud.Portal.Api;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The portal's request pipeline and routes.</summary>
public static class PortalApplicationBuilderExtensions
{
    /// <summary>Errors as problem details, sign-in, the API and its OpenAPI document (<c>/openapi/v1.json</c>), the pages.</summary>
    public static WebApplication MapDaraPortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapDaraApi();
        app.MapDaraPortalUi();
        return app;
    }
}
