using Dara.Cloud.Portal.Components.Interop;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the portal's components need.</summary>
public static class DaraComponentsServiceCollectionExtensions
{
    /// <summary>
    /// MudBlazor's services, the clipboard interop (scoped: one per circuit) and the clock that relative times and
    /// live refreshes read (the system's, unless the host registered another).
    /// </summary>
    public static IServiceCollection AddDaraPortalComponents(this IServiceCollection services)
    {
        services.AddMudServices();
        services.AddScoped<Clipboard>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
