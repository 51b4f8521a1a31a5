using MudBlazor;
using MudBlazor.Utilities;

namespace Dara.Cloud.Portal.Components.Shell;

/// <summary>
/// Colours taken from the theme in use, as the hex strings charts draw with. Charts draw their own SVG and do not follow
/// the theme by themselves: colours fixed in a chart were MudBlazor's defaults, which on white reach about 2:1 where
/// WCAG 1.4.11 asks 3:1 for graphical objects, and which did not match the theme's status colours of the same meaning.
/// </summary>
public static class PaletteColors
{
    /// <summary>The palette of <paramref name="state"/> (cascaded by <see cref="DaraThemeProvider"/>); Dara's light one without it.</summary>
    public static Palette Of(DarkModeState? state) => state?.Palette ?? DaraTheme.Default.PaletteLight;

    /// <summary>
    /// <paramref name="color"/> as an opaque <c>#RRGGBB</c>: a translucent colour (the palette's secondary text is
    /// black or white at 60–70%) is laid over the palette's surface, the cards charts are drawn on.
    /// </summary>
    public static string Hex(Palette palette, MudColor color)
    {
        ArgumentNullException.ThrowIfNull(palette);
        ArgumentNullException.ThrowIfNull(color);
        var surface = palette.Surface;
        var alpha = color.A / 255.0;
        byte Channel(byte front, byte back) => (byte)Math.Round((alpha * front) + ((1 - alpha) * back));
        return $"#{Channel(color.R, surface.R):X2}{Channel(color.G, surface.G):X2}{Channel(color.B, surface.B):X2}";
    }
}
