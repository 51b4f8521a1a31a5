using Microsoft.AspNetCore.Components;
using MudBlazor;
using Severity = Dara.Cloud.Analysis.Checks.Severity;

namespace Dara.Cloud.Portal.Components.Naming;

/// <summary>A finding's severity as an icon with its name as the title (error red, warning amber, info blue).</summary>
public partial class SeverityIcon
{
    [Parameter, EditorRequired]
    public Severity Severity { get; set; }

    [Parameter]
    public Size Size { get; set; } = Size.Medium;

    public static string IconOf(Severity severity) => severity switch
    {
        Severity.Error => Icons.Material.Filled.Error,
        Severity.Warning => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Info,
    };

    public static Color ColorOf(Severity severity) => severity switch
    {
        Severity.Error => Color.Error,
        Severity.Warning => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>"Error", "Warning", "Info".</summary>
    public static string LabelOf(Severity severity) => severity.ToString();
}
