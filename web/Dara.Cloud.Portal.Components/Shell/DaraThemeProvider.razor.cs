using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// The top of the layout: MudBlazor's theme, popover, dialog and snackbar providers, with Dara's theme and dark mode.
/// The user's choice comes in through <see cref="IsDarkMode"/> (null: never chosen, follow the system) and goes out
/// through <see cref="IsDarkModeChanged"/> for the page to persist; content switches it through the cascaded
/// <see cref="DarkModeState"/> (see <see cref="DarkModeToggle"/>).
/// </summary>
public partial class DaraThemeProvider
{
    private MudThemeProvider? _themeProvider;
    private DarkModeState? _state;

    /// <summary>The user's saved choice; null follows the operating system's setting.</summary>
    [Parameter]
    public bool? IsDarkMode { get; set; }

    /// <summary>Raised with the new choice when the user switches (persist it: a cookie, the user's settings).</summary>
    [Parameter]
    public EventCallback<bool> IsDarkModeChanged { get; set; }

    [Parameter]
    public MudTheme Theme { get; set; } = DaraTheme.Default;

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    private bool IsDark => _state?.IsDarkMode ?? false;

    protected override void OnParametersSet() => SetState(IsDarkMode ?? IsDark);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && IsDarkMode is null && _themeProvider is not null)
        {
            SetState(await _themeProvider.GetSystemDarkModeAsync());
            StateHasChanged();
        }
    }

    /// <summary>Switches between light and dark and tells the page.</summary>
    public async Task ToggleAsync()
    {
        SetState(!IsDark);
        StateHasChanged();
        await IsDarkModeChanged.InvokeAsync(IsDark);
    }

    private void SetState(bool isDarkMode)
    {
        // A new state object only on a change, so content reading it renders again exactly then.
        Palette palette = isDarkMode ? Theme.PaletteDark : Theme.PaletteLight;
        if (_state is null || _state.IsDarkMode != isDarkMode || !ReferenceEquals(_state.Palette, palette))
        {
            _state = new DarkModeState(isDarkMode, ToggleAsync, palette);
        }
    }
}
