using Microsoft.Extensions.DependencyInjection;

namespace Dara.Cloud.Portal.Components.Tests;

/// <summary>
/// A bunit context with the components' services (MudBlazor's and the clipboard) and loose JS interop. MudBlazor
/// registers services that are only IAsyncDisposable, so the context is disposed asynchronously.
/// </summary>
public abstract class ComponentTest : IAsyncLifetime
{
    protected ComponentTest()
    {
        Context.Services.AddDaraPortalComponents();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    // Waits end as soon as the assertion holds; the generous limit is for CI machines shared with other builds.
    static ComponentTest() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected BunitContext Context { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
