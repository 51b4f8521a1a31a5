using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using RouteData = Microsoft.AspNetCore.Components.RouteData;

namespace Dara.Cloud.Portal.Components.Layout;

/// <summary>
/// After a navigation to another page, moves focus to the page's heading (<see cref="Selector"/>) for screen readers,
/// as Blazor's <see cref="FocusOnNavigate"/> does, but also when the page shows its heading only once it has loaded.
/// </summary>
/// <remarks>
/// <see cref="FocusOnNavigate"/> looks for the heading once, right after the first render of the new page. An
/// organization's pages first show a skeleton while the membership check runs and their heading only after it: when
/// the browser acknowledged the skeleton before the check answered, there was no heading to focus and focus stayed on
/// the page's body (one navigation in a few on a busy machine). This component asks the browser to focus the heading
/// as soon as it is shown (<c>daraPortal.focusWhenShown</c> in portal.js).
/// </remarks>
public sealed class FocusHeadingOnNavigate : ComponentBase
{
    private Type? _focusedPageType;
    private bool _focusAfterRender;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>The router's match; a different page type than last time counts as a navigation.</summary>
    [Parameter, EditorRequired]
    public RouteData RouteData { get; set; } = default!;

    /// <summary>The CSS selector of the element to focus (the page's heading).</summary>
    [Parameter, EditorRequired]
    public string Selector { get; set; } = default!;

    protected override void OnParametersSet()
    {
        ArgumentNullException.ThrowIfNull(RouteData);
        ArgumentException.ThrowIfNullOrEmpty(Selector);

        // Like FocusOnNavigate: a new query string or route value on the same page is an update, not a new page.
        if (RouteData.PageType != _focusedPageType)
        {
            _focusedPageType = RouteData.PageType;
            _focusAfterRender = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusAfterRender)
        {
            _focusAfterRender = false;
            await JS.InvokeVoidAsync("daraPortal.focusWhenShown", Selector);
        }
    }
}
