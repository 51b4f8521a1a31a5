using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// Switches dark mode: through <see cref="DaraThemeProvider"/>'s cascaded state, or, given
/// <see cref="IsDarkModeChanged"/>, by telling the page.
/// </summary>
public partial class DarkModeToggle
{
    [CascadingParameter]
    private DarkModeState? Theme { get; set; }

    /// <summary>The mode shown, when the page manages it itself (else the cascaded state's).</summary>
    [Parameter]
    public bool? IsDarkMode { get; set; }

    [Parameter]
    public EventCallback<bool> IsDarkModeChanged { get; set; }

    [Parameter]
    public Color Color { get; set; } = Color.Inherit;

    private bool IsDark => IsDarkMode ?? Theme?.IsDarkMode ?? false;

    private string Label => IsDark ? "Switch to light mode" : "Switch to dark mode";

    private Task ToggleAsync() =>
        IsDarkModeChanged.HasDelegate ? IsDarkModeChanged.InvokeAsync(!IsDark)
        : Theme is not null ? Theme.ToggleAsync()
        : Task.CompletedTask;
}
