using Dara.Cloud.Portal.Components.Interop;
using MudBlazor.Services;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the portal's components need.</summary>
public static class DaraComponentsServiceCollectionExtensions
{
    /// <summary>MudBlazor's services and the clipboard interop (scoped: one per circuit).</summary>
    public static IServiceCollection AddDaraPortalComponents(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddScoped<Clipboard>();
        return services;
    }
}
