namespace Dara.Cloud.Portal.Tests.Support;

/// <summary>
/// Finds an element and acts on it in one turn of the renderer. The pages are live: a job's progress, a model
/// changed elsewhere or the page's own reload re-renders them at any moment, and an element found in one render
/// has lost its handler in the next ("There is no event handler with ID …").
/// </summary>
internal static class LivePageActions
{
    public static Task ClickAsync<TComponent>(this IRenderedComponent<TComponent> page, string selector)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
        => page.InvokeAsync(() => page.Find(selector).Click());

    public static Task InputAsync<TComponent>(this IRenderedComponent<TComponent> page, string selector, string value)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
        => page.InvokeAsync(() => page.Find(selector).Input(value));
}
