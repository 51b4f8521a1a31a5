using Dara.Cloud.Analysis.Checks;
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

    /// <summary>Chart colours matching <see cref="ColorOf"/> in MudBlazor's default palette, for charts that need hex.</summary>
    public static string HexOf(string? verdict) => verdict switch
    {
        "ok" => "#00C853",
        "suspicious" => "#FFA000",
        "misnamed" => "#F44336",
        _ => "#9E9E9E",
    };

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
