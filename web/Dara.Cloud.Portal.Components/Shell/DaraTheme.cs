using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// The portal's theme: MudBlazor's palettes with Dara's blue. Components take their colours from the palette
/// (Color.Primary, mud-text-secondary…), so the same markup works in light and dark mode.
/// </summary>
public static class DaraTheme
{
    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565C0",
            Secondary = "#00838F",
            AppbarBackground = "#1565C0",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64B5F6",
            Secondary = "#4DD0E1",
            AppbarBackground = "#1E1E2D",
        },
    };
}

/// <summary>The dark-mode state <see cref="DaraThemeProvider"/> gives its content, and the way to switch it.</summary>
public sealed record DarkModeState(bool IsDarkMode, Func<Task> ToggleAsync);
