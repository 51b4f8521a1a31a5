using Dara.Cloud.Analysis.Checks;
using Dara.Cloud.Portal.Components.Shell;
using MudBlazor;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>How a verdict looks everywhere in the portal: colour, icon, label.</summary>
public static class VerdictStyle
{
    /// <summary>The verdicts in the order lists and charts show them.</summary>
    public static IReadOnlyList<string> All { get; } = ["ok", "suspicious", "misnamed", "unreadable"];

    /// <summary>The verdict as the contract writes it (ok, suspicious, misnamed, unreadable).</summary>
    public static string Text(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    public static Color ColorOf(string? verdict) => verdict switch
    {
        "ok" => Color.Success,
        "suspicious" => Color.Warning,
        "misnamed" => Color.Error,
        _ => Color.Default,
    };

    /// <summary>
    /// The chart colour of <paramref name="verdict"/> in <paramref name="palette"/>: the theme's colour of
    /// <see cref="ColorOf"/>, so a donut's slice has the colour of its verdict's icon and chip; an unknown or unreadable
    /// verdict has the palette's secondary text colour, a grey that stands out against the cards in either palette.
    /// </summary>
    public static string HexOf(string? verdict, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(palette);
        return PaletteColors.Hex(palette, ColorOf(verdict) switch
        {
            Color.Success => palette.Success,
            Color.Warning => palette.Warning,
            Color.Error => palette.Error,
            _ => palette.TextSecondary,
        });
    }

    public static string IconOf(string? verdict) => verdict switch
    {
        "ok" => Icons.Material.Filled.CheckCircle,
        "suspicious" => Icons.Material.Filled.Warning,
        "misnamed" => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.HelpOutline,
    };

    /// <summary>"Misnamed": the verdict capitalised for people.</summary>
    public static string LabelOf(string? verdict) =>
        string.IsNullOrEmpty(verdict) ? "Unknown" : char.ToUpperInvariant(verdict[0]) + verdict[1..];
}
