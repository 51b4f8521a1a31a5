using MudBlazor;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// The portal's theme: MudBlazor's palettes with Dara's blue. Components take their colours from the palette
/// (Color.Primary, mud-text-secondary…), so the same markup works in light and dark mode.
/// </summary>
/// <remarks>
/// Every colour that text is written in, or on, is set here to reach WCAG AA's 4.5:1 (axe's color-contrast rule, checked
/// by the portal's end-to-end accessibility test). MudBlazor's own status colours did not: white on its red (3.7:1)
/// and green, its green and orange as text on white, and in the dark palette its secondary text (50% white) and white on
/// the light blue, red and green. Light mode writes white on dark status colours; dark mode writes near-black on light ones.
/// </remarks>
public static class DaraTheme
{
    private const string DarkText = "rgba(0,0,0,0.87)";

    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565C0",
            Secondary = "#00838F",
            AppbarBackground = "#1565C0",
            Info = "#01579B",
            Success = "#2E7D32",
            Warning = "#A15C00",
            Error = "#C62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64B5F6",
            PrimaryContrastText = DarkText,
            Secondary = "#4DD0E1",
            SecondaryContrastText = DarkText,
            AppbarBackground = "#1E1E2D",
            TextSecondary = "rgba(255,255,255,0.7)",
            Info = "#90CAF9",
            InfoContrastText = DarkText,
            Success = "#81C784",
            SuccessContrastText = DarkText,
            Warning = "#FFB74D",
            WarningContrastText = DarkText,
            Error = "#FF8A80",
            ErrorContrastText = DarkText,
        },
    };
}

/// <summary>
/// The dark-mode state <see cref="DaraThemeProvider"/> gives its content, the way to switch it, and the palette in use
/// (for what draws in colours of its own, such as charts: see <see cref="PaletteColors"/>).
/// </summary>
public sealed record DarkModeState(bool IsDarkMode, Func<Task> ToggleAsync, Palette Palette);
